"""build, output folder: the names bookmaker gives its own entries in OUTDIR."""

#: The hidden folder that holds the generations, inside OUTDIR.
BUILDS = ".bookmaker-builds"
#: The build cache, inside OUTDIR (`bookmaker.cache`).
CACHE = ".bookmaker-cache"
#: The link inside BUILDS whose one rename makes a generation current.
CURRENT = "current"
#: The commit lock's file, inside BUILDS.
LOCK = "lock"
#: Inside a generation being written: the lock file its run holds.
OWNER = ".owner"
#: How a generation's folder name starts.
GENERATION = "gen-"
#: Staging folders of bookmaker before generations (left in OUTDIR by killed runs).
OLD_STAGING = ".staging-"
