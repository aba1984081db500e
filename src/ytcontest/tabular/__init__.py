"""Tables in and out: reading the CSV and XLSX files that units send, writing exports."""
