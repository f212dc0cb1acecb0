-- 006: the sample data of `init --demo`: when it was asked for and when every file of it was in.
-- `make run` asks for it and the app loads it in the background, so that the first page does not wait;
-- a load that was stopped resumes at the next start. A database that already holds sample data counts as done.

CREATE TABLE sample_data (
    requested_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP             -- NULL while files are still to load
);

INSERT INTO sample_data
SELECT min(uploaded_at), max(uploaded_at) FROM submissions WHERE is_sample HAVING count(*) > 0;
