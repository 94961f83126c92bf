package io.aiff.team;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A field team (seed table {@code teams}); {@code zone} is the name of its primary zone. */
@Entity
@Table(name = "teams")
public class Team extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    public String name;

    public String zone;

    public String description;

    @Column(name = "is_active")
    public boolean active;

    @Column(name = "tickets_completed")
    public int ticketsCompleted;

    @Column(name = "customer_rating")
    public BigDecimal customerRating;

    @Column(name = "response_time")
    public int responseTime;

    @Column(name = "completion_rate")
    public BigDecimal completionRate;

    public BigDecimal efficiency;

    public String status;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
