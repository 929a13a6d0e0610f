-- Window queries bound their index scan on both sides. An appointment or busy block that lasts at
-- most a day (86,400 s: WindowBounds.SHORT_SPAN_SECONDS in the code) and overlaps a window starts
-- at most a day before the window, so a range on (clinician_id, start_s) finds it; the few longer
-- ones carry long_span (computed by the database, so no writer can get it wrong) and are found
-- through a partial index holding only them. Exact for any length: no stored maximum to keep up
-- to date.
ALTER TABLE cs_appointment ADD COLUMN long_span BOOLEAN GENERATED ALWAYS AS (end_s - start_s > 86400) STORED;
CREATE INDEX cs_appointment_clinician_long ON cs_appointment (clinician_id, start_s) WHERE long_span;

ALTER TABLE cs_busy_block ADD COLUMN long_span BOOLEAN GENERATED ALWAYS AS (end_s - start_s > 86400) STORED;
CREATE INDEX cs_busy_block_clinician_long ON cs_busy_block (clinician_id, start_s) WHERE long_span;
