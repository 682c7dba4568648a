-- Region figures: counts and sums per community and month, kept by the writers' own transactions.
--
-- A town at city scale holds a million service records; counting them for a dashboard figure or
-- the help summary is a scan of 0.2–0.8 s. Instead every write to the five tables figures come
-- from posts its difference to `figure_rollup` in the same transaction (statement triggers with
-- transition tables, so a 500-row import batch is one small upsert), and a figure for any region
-- and period is a sum over at most (communities × months) rows.
--
-- What a row of each table contributes is written once, in the figure_*_facts functions below;
-- the triggers, the rebuild, the `figure_fact` view (used for regions below the community and by
-- the tests that compare rollups with the source) all call them, so they cannot disagree.

-- The "area" a region's facts are summed under: the community it lies in (depth 1), or the town
-- node itself for facts filed at the town. Regions below the community are answered from the
-- source rows (a grid is small).
create function figure_area_of(id uuid, depth smallint, path text) returns uuid
  language sql immutable parallel safe as
$$ select case when depth = 0 then id else split_part(path, '/', 3)::uuid end $$;

create function figure_month(at timestamptz, tz text) returns date
  language sql stable parallel safe as
$$ select date_trunc('month', at at time zone tz)::date $$;

create table figure_rollup (
  area_id uuid not null,
  town_id uuid not null references town (id),
  metric text not null,
  -- First day of the month, in the town's time zone.
  month date not null,
  value bigint not null,
  primary key (area_id, metric, month)
);
create index figure_rollup_town_idx on figure_rollup (town_id);

-- Help requests, by the month they were filed: how many are in each status (help.<status>), how
-- many are overdue now, how many were taken up and how long that took (the response time); and by
-- the month they were done: people served, reviews and their stars (satisfaction).
create function figure_help_facts(
  tz text, created_at timestamptz, status text, overdue_since timestamptz,
  taken_at timestamptz, done_at timestamptz, review_stars smallint
) returns table (month date, metric text, value bigint)
  language sql stable parallel safe as
$$
  select figure_month(created_at, tz), 'help.' || status, 1::bigint
  union all select figure_month(created_at, tz), 'help_overdue', 1 where overdue_since is not null
  union all select figure_month(created_at, tz), 'help_taken', 1 where taken_at is not null
  union all select figure_month(created_at, tz), 'help_response_seconds',
    greatest(0, extract(epoch from taken_at - created_at))::bigint where taken_at is not null
  union all select figure_month(done_at, tz), 'help_done', 1
    where done_at is not null and status in ('done', 'reviewed', 'closed')
  union all select figure_month(coalesce(done_at, created_at), tz), 'help_reviews', 1 where review_stars is not null
  union all select figure_month(coalesce(done_at, created_at), tz), 'help_stars', review_stars::bigint
    where review_stars is not null
$$;

-- Service records, by the month served: participations (人次), the pending ones, confirmed minutes.
create function figure_record_facts(served_on date, status text, minutes integer)
  returns table (month date, metric text, value bigint)
  language sql immutable parallel safe as
$$
  select date_trunc('month', served_on::timestamp)::date, 'records', 1::bigint
  union all select date_trunc('month', served_on::timestamp)::date, 'records_pending', 1 where status = 'pending'
  union all select date_trunc('month', served_on::timestamp)::date, 'minutes', minutes::bigint
    where status = 'confirmed' and minutes > 0
$$;

-- Occurrences held (not cancelled), by the month they start.
create function figure_occurrence_facts(tz text, starts_at timestamptz, status text)
  returns table (month date, metric text, value bigint)
  language sql stable parallel safe as
$$ select figure_month(starts_at, tz), 'occurrences', 1::bigint where status = 'scheduled' $$;

-- Volunteers by status, by the month they registered.
create function figure_volunteer_facts(tz text, registered_at timestamptz, status text)
  returns table (month date, metric text, value bigint)
  language sql stable parallel safe as
$$ select figure_month(registered_at, tz), 'volunteers.' || status, 1::bigint $$;

-- Residents, by the month they were entered.
create function figure_resident_facts(tz text, created_at timestamptz)
  returns table (month date, metric text, value bigint)
  language sql stable parallel safe as
$$ select figure_month(created_at, tz), 'residents', 1::bigint $$;

-- Every fact of every row, at the row's own region.
create view figure_fact as
  select x.region_id, x.town_id, f.month, f.metric, f.value
    from help_request x join town t on t.id = x.town_id,
    lateral figure_help_facts(t.timezone, x.created_at, x.status, x.overdue_since,
      coalesce(x.claimed_at, x.dispatched_at), x.done_at, x.review_stars) f
  union all
  select x.region_id, x.town_id, f.month, f.metric, f.value
    from service_record x, lateral figure_record_facts(x.served_on, x.status, x.minutes) f
  union all
  select x.region_id, x.town_id, f.month, f.metric, f.value
    from activity_occurrence x join town t on t.id = x.town_id,
    lateral figure_occurrence_facts(t.timezone, x.starts_at, x.status) f
  union all
  select x.region_id, x.town_id, f.month, f.metric, f.value
    from volunteer x join town t on t.id = x.town_id,
    lateral figure_volunteer_facts(t.timezone, x.registered_at, x.status) f
  union all
  select x.region_id, x.town_id, f.month, f.metric, f.value
    from resident x join town t on t.id = x.town_id,
    lateral figure_resident_facts(t.timezone, x.created_at) f;

create type figure_delta as (area_id uuid, town_id uuid, metric text, month date, value bigint);

-- Adds deltas to the rollup. Rows are locked in key order, so two writers never deadlock here.
create function figure_post(deltas figure_delta[]) returns void language sql as
$$
  insert into figure_rollup as r (area_id, town_id, metric, month, value)
  select d.area_id, d.town_id, d.metric, d.month, sum(d.value)
    from unnest(deltas) d
   group by d.area_id, d.town_id, d.metric, d.month
  having sum(d.value) <> 0
   order by d.area_id, d.metric, d.month
  on conflict (area_id, metric, month) do update set value = r.value + excluded.value
$$;

-- One trigger function for the five tables: tg_argv[0] is the facts call over the changed row `x`
-- and its town `t`. The rows a statement inserted count +1, the rows it deleted −1, an update both
-- (so a status change moves a count, and an update that changes no fact nets to nothing).
create function figure_changed() returns trigger language plpgsql as $$
declare
  q constant text := 'select array_agg(row(figure_area_of(r.id, r.depth, r.path), x.town_id, f.metric, f.month, f.value * %s)::figure_delta)
    from %I x join town t on t.id = x.town_id join region r on r.id = x.region_id, lateral ' || tg_argv[0] || ' f';
  added figure_delta[];
  removed figure_delta[];
begin
  if tg_op <> 'DELETE' then
    execute format(q, 1, 'new_rows') into added;
  end if;
  if tg_op <> 'INSERT' then
    execute format(q, -1, 'old_rows') into removed;
  end if;
  if added is not null or removed is not null then
    perform figure_post(coalesce(added, '{}') || coalesce(removed, '{}'));
  end if;
  return null;
end $$;

create trigger figure_help_insert after insert on help_request referencing new table as new_rows
  for each statement execute function figure_changed('figure_help_facts(t.timezone, x.created_at, x.status, x.overdue_since, coalesce(x.claimed_at, x.dispatched_at), x.done_at, x.review_stars)');
create trigger figure_help_update after update on help_request referencing old table as old_rows new table as new_rows
  for each statement execute function figure_changed('figure_help_facts(t.timezone, x.created_at, x.status, x.overdue_since, coalesce(x.claimed_at, x.dispatched_at), x.done_at, x.review_stars)');
create trigger figure_help_delete after delete on help_request referencing old table as old_rows
  for each statement execute function figure_changed('figure_help_facts(t.timezone, x.created_at, x.status, x.overdue_since, coalesce(x.claimed_at, x.dispatched_at), x.done_at, x.review_stars)');

create trigger figure_record_insert after insert on service_record referencing new table as new_rows
  for each statement execute function figure_changed('figure_record_facts(x.served_on, x.status, x.minutes)');
create trigger figure_record_update after update on service_record referencing old table as old_rows new table as new_rows
  for each statement execute function figure_changed('figure_record_facts(x.served_on, x.status, x.minutes)');
create trigger figure_record_delete after delete on service_record referencing old table as old_rows
  for each statement execute function figure_changed('figure_record_facts(x.served_on, x.status, x.minutes)');

create trigger figure_occurrence_insert after insert on activity_occurrence referencing new table as new_rows
  for each statement execute function figure_changed('figure_occurrence_facts(t.timezone, x.starts_at, x.status)');
create trigger figure_occurrence_update after update on activity_occurrence referencing old table as old_rows new table as new_rows
  for each statement execute function figure_changed('figure_occurrence_facts(t.timezone, x.starts_at, x.status)');
create trigger figure_occurrence_delete after delete on activity_occurrence referencing old table as old_rows
  for each statement execute function figure_changed('figure_occurrence_facts(t.timezone, x.starts_at, x.status)');

create trigger figure_volunteer_insert after insert on volunteer referencing new table as new_rows
  for each statement execute function figure_changed('figure_volunteer_facts(t.timezone, x.registered_at, x.status)');
create trigger figure_volunteer_update after update on volunteer referencing old table as old_rows new table as new_rows
  for each statement execute function figure_changed('figure_volunteer_facts(t.timezone, x.registered_at, x.status)');
create trigger figure_volunteer_delete after delete on volunteer referencing old table as old_rows
  for each statement execute function figure_changed('figure_volunteer_facts(t.timezone, x.registered_at, x.status)');

create trigger figure_resident_insert after insert on resident referencing new table as new_rows
  for each statement execute function figure_changed('figure_resident_facts(t.timezone, x.created_at)');
create trigger figure_resident_update after update on resident referencing old table as old_rows new table as new_rows
  for each statement execute function figure_changed('figure_resident_facts(t.timezone, x.created_at)');
create trigger figure_resident_delete after delete on resident referencing old table as old_rows
  for each statement execute function figure_changed('figure_resident_facts(t.timezone, x.created_at)');

-- Recomputes the rollup from the source rows: for one town, or all (the city generator loads with
-- these triggers off and calls this once; a test compares it with what the triggers kept).
create function figure_rebuild(for_town uuid default null) returns void language sql as
$$
  delete from figure_rollup where for_town is null or town_id = for_town;
  insert into figure_rollup (area_id, town_id, metric, month, value)
  select figure_area_of(r.id, r.depth, r.path), f.town_id, f.metric, f.month, sum(f.value)
    from figure_fact f join region r on r.id = f.region_id
   where for_town is null or f.town_id = for_town
   group by 1, 2, 3, 4
  having sum(f.value) <> 0;
$$;

-- A region moved: the facts under every node whose area changed leave the old area for the new.
create function figure_region_moved() returns trigger language plpgsql as $$
declare
  deltas figure_delta[];
begin
  with moved as (
    select n.id, n.town_id, figure_area_of(o.id, o.depth, o.path) as was, figure_area_of(n.id, n.depth, n.path) as now
      from new_rows n join old_rows o on o.id = n.id
  ), changed as (
    select * from moved where was <> now
  )
  select array_agg(d) into deltas from (
    select row(c.was, c.town_id, f.metric, f.month, -f.value)::figure_delta as d
      from changed c join figure_fact f on f.region_id = c.id
    union all
    select row(c.now, c.town_id, f.metric, f.month, f.value)::figure_delta
      from changed c join figure_fact f on f.region_id = c.id
  ) s;
  if deltas is not null then
    perform figure_post(deltas);
  end if;
  return null;
end $$;

create trigger figure_region_moved after update on region referencing old table as old_rows new table as new_rows
  for each statement execute function figure_region_moved();

select figure_rebuild();
