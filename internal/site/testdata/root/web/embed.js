// embed.js fixture: copied as it is
