-- 002: what is "current": values of accepted submissions that no later accepted file replaced.
-- Superseded submissions stay in their tables as history; pages and exports read these views.

CREATE VIEW current_submissions AS
SELECT * FROM submissions WHERE status = 'accepted' AND superseded_by IS NULL;

CREATE VIEW current_target_values AS
SELECT v.* FROM target_values v JOIN current_submissions s ON s.id = v.submission_id;

CREATE VIEW current_task_progress AS
SELECT p.* FROM task_progress p JOIN current_submissions s ON s.id = p.submission_id;

CREATE VIEW current_index_scores AS
SELECT i.*, FALSE AS is_sample FROM index_scores i WHERE i.origin = 'published'
UNION ALL
SELECT i.*, s.is_sample FROM index_scores i JOIN current_submissions s ON s.id = i.submission_id;
