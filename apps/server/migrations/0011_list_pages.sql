-- List pages at city scale (bench/regions.mjs; a city holds 5,000,000 service records).
-- The console's service-record queue (pending first, earliest due first, then the most recently
-- served) is read in this index's order within a town and stops at the page, instead of sorting
-- every record of the town.
create index service_record_queue_idx on service_record
  (town_id, (status <> 'pending'), (case when status = 'pending' then due_on end), served_on desc, id);
-- A community's or grid's records (the page's count, the region filters) without a town-wide scan.
create index service_record_region_idx on service_record (region_id);
-- The console's resident, household and volunteer lists (newest first) walk these within the town
-- and stop at the page (a town of a city holds 100,000 residents).
create index resident_town_created_idx on resident (town_id, created_at desc, id);
create index household_town_created_idx on household (town_id, created_at desc, id);
create index volunteer_town_registered_idx on volunteer (town_id, registered_at desc, id);
