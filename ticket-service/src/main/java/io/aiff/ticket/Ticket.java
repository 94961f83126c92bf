package io.aiff.ticket;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A service request (seed table {@code tickets}). Lifecycle, SLA and customer data arrive with the ticket issue. */
@Entity
@Table(name = "tickets")
public class Ticket extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "ticket_number")
    public String ticketNumber;

    public String title;

    public String description;

    public String priority;

    public String category;

    public String subcategory;

    public String status;

    @Column(name = "assigned_team")
    public Integer assignedTeam;

    @Column(name = "assigned_to")
    public String assignedTo;

    public String zone;

    public String location;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "due_date")
    public OffsetDateTime dueDate;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "sla_deadline")
    public OffsetDateTime slaDeadline;

    @Column(name = "sla_breach")
    public boolean slaBreach;
}
