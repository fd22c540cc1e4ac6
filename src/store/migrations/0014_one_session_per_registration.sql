-- Exam day (R-EXA-9): a registration sits in at most one session. The
-- service checks before it assigns, but two assignments at once (two
-- clerks, two servers) could both pass the check; this unique index makes
-- the second one fail (ExamDayService answers
-- "batch.candidate_already_assigned"). It replaces the plain index of 0011.
--
-- A database that already holds a registration twice keeps the row that
-- attendance was recorded on, else the one in the lowest session id: the
-- other rows are still 'pending', nothing was recorded on them.
DELETE FROM batch_session_candidates
 WHERE attendance = 'pending'
   AND EXISTS (SELECT 1 FROM batch_session_candidates o
                WHERE o.registration_id = batch_session_candidates.registration_id
                  AND (o.attendance <> 'pending'
                       OR o.session_id < batch_session_candidates.session_id));
DROP INDEX batch_session_candidates_registration;
CREATE UNIQUE INDEX batch_session_candidates_one_session
  ON batch_session_candidates (registration_id);
