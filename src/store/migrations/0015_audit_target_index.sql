-- Looking up the operation-log entries of one object (a certificate's
-- issuance entry for its public inclusion proof, an object's history in the
-- log viewer) without scanning the whole log.
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
