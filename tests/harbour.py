"""A short news story, four paragraphs of running text, for tests that build scraped pages around it."""

STORY = (
    "The harbour council voted on Tuesday night to rebuild the old sea wall in stone, ending a year of argument "
    "over whether a cheaper concrete barrier would do the same job for half the money.",
    "Engineers told the meeting that the wall, which gave way during the February storms, had protected the fish "
    "market and forty homes behind it for almost two hundred years.",
    "Work will begin in the spring and is expected to take eighteen months, during which the fishing boats will "
    "moor in the next bay and the market will move to the old railway yard.",
    "Residents who had campaigned for the stone wall cheered when the vote was read out, although several warned "
    "that the cost could still rise once the divers have surveyed the foundations.",
)
