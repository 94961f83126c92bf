-- 1M bench tickets (title 'Bench …'), as the system scope, spread over a year, 12 zones, 40 teams.
SELECT set_config('aiff.role', 'system', false);
INSERT INTO tickets (ticket_number, title, description, priority, category, status, assigned_team, zone, created_at,
                     updated_at, sla_deadline, sla_at_risk_at, sla_breach, tags)
SELECT 'BENCH-' || g,
       'Bench ' || (array['fibre cut', 'power outage', 'water leak', 'router down', 'meter fault', 'cable theft'])[1 + g % 6] || ' ' || g,
       'Bench ticket ' || g || ' reported near ' || (array['the market', 'the school', 'the clinic', 'the station'])[1 + g % 4],
       (array['low', 'medium', 'medium', 'high', 'critical'])[1 + g % 5],
       (array['network', 'power', 'water', 'hardware'])[1 + g % 4],
       (array['open', 'assigned', 'in_progress', 'on_hold', 'pending', 'resolved', 'closed', 'closed', 'closed', 'cancelled'])[1 + g % 10],
       CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 40 END,
       (array['Kuala Lumpur', 'Petaling Jaya', 'Shah Alam', 'George Town', 'Johor Bahru', 'Ipoh', 'Kota Kinabalu',
              'Kuching', 'Melaka', 'Kuantan', 'Seremban', 'Alor Setar'])[1 + g % 12],
       now() - (g % 525600) * interval '1 minute',
       now() - (g % 525600) * interval '1 minute' + interval '5 minutes',
       now() - (g % 525600) * interval '1 minute' + interval '2 days',
       now() - (g % 525600) * interval '1 minute' + interval '38 hours',
       g % 13 = 0,
       ARRAY[(array['fibre', 'power', 'water', 'urgent'])[1 + g % 4]]
FROM generate_series(1, :count) g;
ANALYZE tickets;
ANALYZE search.tickets;
