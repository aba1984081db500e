"""The pure core: rules, dates, words and messages. Imports nothing else of the program."""
