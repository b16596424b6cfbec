# Days without a leading zero, as Italian writes them: 8 ottobre 2021 (months are lower-cased
# in trials/labels.py: Django's Italian month names are capitalised).
DATE_FORMAT = "j F Y"
