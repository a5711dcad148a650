-- The remedy recommendation reads a problem category's recent cases.
create index cases_category_idx on cases (category, created_at desc) where category is not null;
