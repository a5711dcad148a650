-- Every customer statement keeps its tension analysis (score, level, signals with their evidence);
-- the case keeps the current and peak tension, the threats seen and the trajectory.
alter table case_statements
    add column language      varchar(2),
    add column tension_score int,
    add column tension_level varchar(10),
    add column analysis      jsonb;

alter table cases
    add column tension_score  int,
    add column tension_level  varchar(10),
    add column peak_score     int,
    add column peak_level     varchar(10),
    add column threats        text[],
    add column tension_scores int[],
    add column tension_levels text[];
