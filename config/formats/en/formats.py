# Dates as British English writes them, the site's English: 8 October 2021.
DATE_FORMAT = "j F Y"
