-- Team statistics schema, version 7: each operator's extension on the PBX (issue 25). The server that
-- holds the AMI connection (`serve --ami`) sends an extension's call events to its operator's desk alone.
-- (006 is issue 24's.)

ALTER TABLE operators ADD COLUMN extension text;
CREATE UNIQUE INDEX operators_extension ON operators (extension) WHERE extension IS NOT NULL;
