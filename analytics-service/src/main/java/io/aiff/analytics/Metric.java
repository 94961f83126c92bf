package io.aiff.analytics;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One recorded measurement (seed table {@code analytics}). */
@Entity
@Table(name = "analytics")
public class Metric extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "metric_name")
    public String name;

    @Column(name = "metric_type")
    public String type;

    @Column(name = "metric_value")
    public BigDecimal value;

    @Column(name = "metric_unit")
    public String unit;

    @Column(name = "team_id")
    public Integer teamId;

    public String zone;

    @Column(name = "user_id")
    public Integer userId;

    @Column(name = "date_recorded")
    public OffsetDateTime dateRecorded;

    @Column(name = "period_start")
    public OffsetDateTime periodStart;

    @Column(name = "period_end")
    public OffsetDateTime periodEnd;

    @Column(name = "confidence_score")
    public BigDecimal confidenceScore;

    @Column(name = "data_source")
    public String dataSource;
}
