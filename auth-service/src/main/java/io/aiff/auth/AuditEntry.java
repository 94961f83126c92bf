package io.aiff.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.Map;

/** One line of the security audit log (table {@code auth_audit}). */
@Entity
@Table(name = "auth_audit")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at")
    public OffsetDateTime occurredAt;

    /** {@code user:12}, {@code client:team-service}, or {@code anonymous}. */
    public String actor;

    public String action;

    public String target;

    public String outcome;

    public String ip;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;
}
