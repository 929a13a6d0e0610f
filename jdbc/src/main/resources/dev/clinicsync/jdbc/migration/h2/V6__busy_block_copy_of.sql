-- A busy block read from a calendar that receives a practice system's own calendar sync (Google
-- fed by SimplePractice's sync) names that system here: the block may be the copy of one of the
-- system's appointments, which the conflict engine then links as a duplicate instead of reporting
-- a conflict. NULL for an ordinary busy block, and for every row written before this version.
ALTER TABLE cs_busy_block ADD COLUMN copy_of VARCHAR(40);
