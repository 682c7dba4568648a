-- Hot reads: the session cache's invalidations, and what the phone's busiest reads need.

-- Each server instance keeps resolved sessions (session + account + grants with their region
-- paths) for a few seconds. Whatever changes one of those, wherever it is written, tells every
-- instance on commit (LISTEN tx_sessions): the account's id, or '*' when region paths moved.
-- Identical messages of one transaction are delivered once, so a bulk change costs one per account.
create function session_cache_notify() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'region' then
    perform pg_notify('tx_sessions', '*');
  elsif tg_table_name = 'account' then
    perform pg_notify('tx_sessions', old.id::text);
  else
    if tg_op <> 'INSERT' then
      perform pg_notify('tx_sessions', old.account_id::text);
    end if;
    if tg_op <> 'DELETE' then
      perform pg_notify('tx_sessions', new.account_id::text);
    end if;
  end if;
  return null;
end $$;

create trigger session_cache_session after delete on session
  for each row execute function session_cache_notify();
create trigger session_cache_grant after insert or update or delete on role_grant
  for each row execute function session_cache_notify();
create trigger session_cache_account after update on account
  for each row when (old.disabled is distinct from new.disabled or old.name is distinct from new.name
    or old.town_id is distinct from new.town_id or old.home_region_id is distinct from new.home_region_id)
  execute function session_cache_notify();
create trigger session_cache_account_gone after delete on account
  for each row execute function session_cache_notify();
create trigger session_cache_region after update of path on region
  for each row when (old.path is distinct from new.path) execute function session_cache_notify();

-- The feed counts the taken places of each occurrence it shows. Without this the planner ANDs the
-- primary key with the signup_id index, whose "is not null" part covers every taken place in town.
create index activity_slot_taken_idx on activity_slot (occurrence_id) where signup_id is not null;
