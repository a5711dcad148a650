-- A case about the same product or problem category as another case of the same customer in the
-- last 90 days (configurable) is a repeat complaint, linked to the earlier cases.
alter table cases add column repeat_of uuid[];
create index cases_customer_product_idx on cases (customer_id, lower(product), created_at);
