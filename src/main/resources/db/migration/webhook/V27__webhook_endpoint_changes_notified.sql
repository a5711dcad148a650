-- Every instance keeps the enabled endpoints and the events they want in memory (the outbox of every
-- change reads them). A change of which endpoints are enabled or what they want notifies every
-- instance when it commits, however it was made, and each reads the endpoints again
-- (EnabledEndpoints). An update of other columns only (a delivery's failing mark) notifies nobody.
create function webhook_endpoints_changed() returns trigger
    language plpgsql as $$
begin
    perform pg_notify('webhook_endpoints_changed', '');
    return null;
end
$$;

create trigger webhook_endpoints_changed
    after insert or delete or truncate or update of enabled, event_types on webhook_endpoints
    for each statement execute function webhook_endpoints_changed();
