"""Personal data: texts put in the form a reader sees, scanned for CPR numbers, phone numbers,
e-mail addresses and the project's forbidden terms.
"""
