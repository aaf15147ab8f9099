"""Places: China's divisions by year (the gazetteer), organ names read by them, and a report's place.
The ground floor: imports nothing of govreports but its own modules."""
