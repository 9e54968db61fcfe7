-- Half-yearly reporting (每半年报送一次). Its own migration: a value added to an enum
-- cannot be used in the transaction that adds it.
ALTER TYPE recurrence ADD VALUE 'half_yearly' BEFORE 'yearly';
