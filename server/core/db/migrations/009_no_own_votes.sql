-- An asker's vote for their own question is not counted (server/votes/vote-writer.ts refuses new ones): those cast
-- before the rule are taken back, and each count moves by exactly the rows removed, so counts still equal rows.
UPDATE questions
SET vote_count = vote_count - (SELECT COUNT(*) FROM votes v WHERE v.question_id = questions.id AND v.resident_id = questions.resident_id)
WHERE EXISTS (SELECT 1 FROM votes v WHERE v.question_id = questions.id AND v.resident_id = questions.resident_id);

DELETE FROM votes
WHERE EXISTS (SELECT 1 FROM questions q WHERE q.id = votes.question_id AND q.resident_id = votes.resident_id);
