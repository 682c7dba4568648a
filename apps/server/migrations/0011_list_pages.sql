-- List pages at city scale (bench/regions.mjs; a city holds 5,000,000 service records).
-- The console's service-record queue (pending first, earliest due first, then the most recently
-- served) is read in this index's order within a town and stops at the page, instead of sorting
-- every record of the town.
create index service_record_queue_idx on service_record
  (town_id, (status <> 'pending'), (case when status = 'pending' then due_on end), served_on desc, id);
-- A community's or grid's records (the page's count, the region filters) without a town-wide scan.
create index service_record_region_idx on service_record (region_id);
