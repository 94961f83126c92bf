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

/** A service account for the client-credentials grant (table {@code auth_clients}). */
@Entity
@Table(name = "auth_clients")
public class ServiceClient extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "secret_hash")
    public String secretHash;

    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] permissions;

    @Column(name = "is_active")
    public boolean active;

    /** {@code config}: created from configuration at start (the suite's own services); {@code api}: by an admin. */
    @Column(name = "managed_by")
    public String managedBy;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false)
    public OffsetDateTime updatedAt;
}
