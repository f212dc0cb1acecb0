-- 014: the Word template of the periodic CCHC report (issue 22). The shipped one is data/templates/bao-cao-cchc.docx;
-- an administrator may upload a replacement, checked before it is kept. The latest row is the template in use; a row
-- without content goes back to the shipped one. The file is kept as base64 text, which DuckDB and PostgreSQL store
-- alike (and `etl copy`, the backup and the exports carry as any other column).

CREATE SEQUENCE report_template_id;
CREATE TABLE report_templates (
    id           BIGINT PRIMARY KEY DEFAULT nextval('report_template_id'),
    file_name    VARCHAR,               -- as uploaded; NULL: back to the shipped template
    content      VARCHAR,               -- the .docx, base64; NULL: back to the shipped template
    sha256       VARCHAR,
    uploaded_by  VARCHAR NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
