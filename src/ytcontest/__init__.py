"""ytcontest: follow the units, entries and monthly reports of the Thái Nguyên health innovation contest."""

__version__ = "0.1.0"
