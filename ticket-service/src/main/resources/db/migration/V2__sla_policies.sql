-- Response and resolution targets per priority (minutes); managed at /api/sla/policies (sla:manage).
CREATE TABLE sla_policies (
    priority           VARCHAR(20)  PRIMARY KEY
        CONSTRAINT sla_policies_priority_check CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    response_minutes   INTEGER      NOT NULL CHECK (response_minutes > 0),
    resolution_minutes INTEGER      NOT NULL CHECK (resolution_minutes > 0),
    version            INTEGER      NOT NULL DEFAULT 1,
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_by         VARCHAR(120) NOT NULL DEFAULT 'system',
    CONSTRAINT sla_policies_response_first CHECK (response_minutes <= resolution_minutes)
);

INSERT INTO sla_policies (priority, response_minutes, resolution_minutes) VALUES
    ('critical', 60, 240),
    ('high', 240, 1440),
    ('medium', 480, 2880),
    ('low', 1440, 7200);
