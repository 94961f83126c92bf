-- Live updates of the numbers (io.aiff.analytics.service.SummaryPublisher): the teams and zones whose numbers changed,
-- written by the consumer in the transaction of the change, taken by the publisher (once per cluster) at most once a
-- second per team or zone, which publishes analytics.updated (and analytics.team_performance_updated) through the outbox.
CREATE TABLE summary_changes (
    kind VARCHAR(4) NOT NULL CHECK (kind IN ('team', 'zone')),
    id   INTEGER    NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE summary_published (
    kind         VARCHAR(4)  NOT NULL,
    id           INTEGER     NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Transactional outbox (aiff-common io.aiff.common.db.Outbox / OutboxRelay), as every service has it.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL UNIQUE,
    type       VARCHAR(60)  NOT NULL,
    envelope   JSONB        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at    TIMESTAMPTZ
);
CREATE INDEX idx_outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX idx_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
