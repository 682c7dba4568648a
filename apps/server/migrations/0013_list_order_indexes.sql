-- Two more console lists read their first page in index order instead of sorting the town
-- (measured on the scale-1 city's busiest town): help requests newest first (165 ms sort of 100,000
-- requests → an index walk), and points accounts richest first (52 ms → 2 ms). The balance index
-- makes a balance update a non-HOT update; the redemption bench is the check that it stays cheap.
create index help_request_town_created_idx on help_request (town_id, created_at desc, id);
create index points_account_town_balance_idx on points_account (town_id, balance desc, id);
