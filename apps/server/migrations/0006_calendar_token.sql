-- A calendar link must be shown again after it was first issued (the phone and the console show
-- "copy link" at any time), but only its hash identifies a feed. The token itself is kept sealed
-- under the data key (AES-256-GCM, platform DataCipher), readable only by the server.
alter table calendar_feed add column token_cipher text;
