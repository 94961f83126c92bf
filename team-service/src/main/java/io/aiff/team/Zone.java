package io.aiff.team;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A geographic zone (seed table {@code zones}). Its centre and coverage polygon arrive with the team issue. */
@Entity
@Table(name = "zones")
public class Zone extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    public String name;

    public String region;

    public Integer population;

    @Column(name = "priority_level")
    public int priorityLevel;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
