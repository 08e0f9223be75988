"""Danish date formats as Danes write them: "3. marts 2026 kl. 9.30"."""

DATE_FORMAT = "j. F Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j. F Y \k\l. G.i"
SHORT_DATE_FORMAT = "d.m.Y"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
