-- Dashboard rollups (db/billing/schema.ts: revenue_monthly, service_totals), kept by triggers so that every write to
-- payments or services updates them in the same statement and transaction, whatever code path made it.
-- The monthly amount below is lib/admin/dashboard.ts monthlyAmount(): (2·amount + m) / (2m) per cycle of m months.
CREATE TRIGGER `revenue_monthly_after_insert` AFTER INSERT ON `payments`
WHEN NEW.`status` IN ('succeeded', 'partially_refunded', 'refunded') AND NEW.`paid_at` IS NOT NULL
BEGIN
  INSERT INTO `revenue_monthly` (`month`, `gateway`, `currency`, `amount`, `payments`)
  VALUES (strftime('%Y-%m', NEW.`paid_at` / 1000, 'unixepoch'), NEW.`gateway`, NEW.`currency`, NEW.`amount` - NEW.`amount_refunded`, 1)
  ON CONFLICT (`month`, `gateway`, `currency`) DO UPDATE SET `amount` = `amount` + excluded.`amount`, `payments` = `payments` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `revenue_monthly_after_delete` AFTER DELETE ON `payments`
WHEN OLD.`status` IN ('succeeded', 'partially_refunded', 'refunded') AND OLD.`paid_at` IS NOT NULL
BEGIN
  UPDATE `revenue_monthly` SET `amount` = `amount` - (OLD.`amount` - OLD.`amount_refunded`), `payments` = `payments` - 1
  WHERE `month` = strftime('%Y-%m', OLD.`paid_at` / 1000, 'unixepoch') AND `gateway` = OLD.`gateway` AND `currency` = OLD.`currency`;
END;
--> statement-breakpoint
CREATE TRIGGER `revenue_monthly_after_update` AFTER UPDATE OF `status`, `paid_at`, `gateway`, `currency`, `amount`, `amount_refunded` ON `payments`
BEGIN
  UPDATE `revenue_monthly` SET `amount` = `amount` - (OLD.`amount` - OLD.`amount_refunded`), `payments` = `payments` - 1
  WHERE OLD.`status` IN ('succeeded', 'partially_refunded', 'refunded') AND OLD.`paid_at` IS NOT NULL
    AND `month` = strftime('%Y-%m', OLD.`paid_at` / 1000, 'unixepoch') AND `gateway` = OLD.`gateway` AND `currency` = OLD.`currency`;
  INSERT INTO `revenue_monthly` (`month`, `gateway`, `currency`, `amount`, `payments`)
  SELECT strftime('%Y-%m', NEW.`paid_at` / 1000, 'unixepoch'), NEW.`gateway`, NEW.`currency`, NEW.`amount` - NEW.`amount_refunded`, 1
  WHERE NEW.`status` IN ('succeeded', 'partially_refunded', 'refunded') AND NEW.`paid_at` IS NOT NULL
  ON CONFLICT (`month`, `gateway`, `currency`) DO UPDATE SET `amount` = `amount` + excluded.`amount`, `payments` = `payments` + 1;
END;
--> statement-breakpoint
INSERT INTO `revenue_monthly` (`month`, `gateway`, `currency`, `amount`, `payments`)
SELECT strftime('%Y-%m', `paid_at` / 1000, 'unixepoch'), `gateway`, `currency`, SUM(`amount` - `amount_refunded`), COUNT(*)
FROM `payments` WHERE `status` IN ('succeeded', 'partially_refunded', 'refunded') AND `paid_at` IS NOT NULL
GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `service_totals_after_insert` AFTER INSERT ON `services`
BEGIN
  INSERT INTO `service_totals` (`status`, `product_id`, `currency`, `cycle`, `services`, `monthly`)
  VALUES (NEW.`status`, NEW.`product_id`, NEW.`currency`, NEW.`cycle`, 1,
    CASE NEW.`cycle` WHEN 'monthly' THEN (2 * NEW.`amount` + 1) / 2 WHEN 'quarterly' THEN (2 * NEW.`amount` + 3) / 6
      WHEN 'semiannual' THEN (2 * NEW.`amount` + 6) / 12 WHEN 'yearly' THEN (2 * NEW.`amount` + 12) / 24
      WHEN 'biennial' THEN (2 * NEW.`amount` + 24) / 48 WHEN 'triennial' THEN (2 * NEW.`amount` + 36) / 72 ELSE 0 END)
  ON CONFLICT (`status`, `product_id`, `currency`, `cycle`) DO UPDATE SET `services` = `services` + 1, `monthly` = `monthly` + excluded.`monthly`;
END;
--> statement-breakpoint
CREATE TRIGGER `service_totals_after_delete` AFTER DELETE ON `services`
BEGIN
  UPDATE `service_totals` SET `services` = `services` - 1, `monthly` = `monthly` -
    CASE OLD.`cycle` WHEN 'monthly' THEN (2 * OLD.`amount` + 1) / 2 WHEN 'quarterly' THEN (2 * OLD.`amount` + 3) / 6
      WHEN 'semiannual' THEN (2 * OLD.`amount` + 6) / 12 WHEN 'yearly' THEN (2 * OLD.`amount` + 12) / 24
      WHEN 'biennial' THEN (2 * OLD.`amount` + 24) / 48 WHEN 'triennial' THEN (2 * OLD.`amount` + 36) / 72 ELSE 0 END
  WHERE `status` = OLD.`status` AND `product_id` = OLD.`product_id` AND `currency` = OLD.`currency` AND `cycle` = OLD.`cycle`;
END;
--> statement-breakpoint
CREATE TRIGGER `service_totals_after_update` AFTER UPDATE OF `status`, `product_id`, `currency`, `cycle`, `amount` ON `services`
BEGIN
  UPDATE `service_totals` SET `services` = `services` - 1, `monthly` = `monthly` -
    CASE OLD.`cycle` WHEN 'monthly' THEN (2 * OLD.`amount` + 1) / 2 WHEN 'quarterly' THEN (2 * OLD.`amount` + 3) / 6
      WHEN 'semiannual' THEN (2 * OLD.`amount` + 6) / 12 WHEN 'yearly' THEN (2 * OLD.`amount` + 12) / 24
      WHEN 'biennial' THEN (2 * OLD.`amount` + 24) / 48 WHEN 'triennial' THEN (2 * OLD.`amount` + 36) / 72 ELSE 0 END
  WHERE `status` = OLD.`status` AND `product_id` = OLD.`product_id` AND `currency` = OLD.`currency` AND `cycle` = OLD.`cycle`;
  INSERT INTO `service_totals` (`status`, `product_id`, `currency`, `cycle`, `services`, `monthly`)
  VALUES (NEW.`status`, NEW.`product_id`, NEW.`currency`, NEW.`cycle`, 1,
    CASE NEW.`cycle` WHEN 'monthly' THEN (2 * NEW.`amount` + 1) / 2 WHEN 'quarterly' THEN (2 * NEW.`amount` + 3) / 6
      WHEN 'semiannual' THEN (2 * NEW.`amount` + 6) / 12 WHEN 'yearly' THEN (2 * NEW.`amount` + 12) / 24
      WHEN 'biennial' THEN (2 * NEW.`amount` + 24) / 48 WHEN 'triennial' THEN (2 * NEW.`amount` + 36) / 72 ELSE 0 END)
  ON CONFLICT (`status`, `product_id`, `currency`, `cycle`) DO UPDATE SET `services` = `services` + 1, `monthly` = `monthly` + excluded.`monthly`;
END;
--> statement-breakpoint
INSERT INTO `service_totals` (`status`, `product_id`, `currency`, `cycle`, `services`, `monthly`)
SELECT `status`, `product_id`, `currency`, `cycle`, COUNT(*), SUM(
    CASE `cycle` WHEN 'monthly' THEN (2 * `amount` + 1) / 2 WHEN 'quarterly' THEN (2 * `amount` + 3) / 6
      WHEN 'semiannual' THEN (2 * `amount` + 6) / 12 WHEN 'yearly' THEN (2 * `amount` + 12) / 24
      WHEN 'biennial' THEN (2 * `amount` + 24) / 48 WHEN 'triennial' THEN (2 * `amount` + 36) / 72 ELSE 0 END)
FROM `services` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- Services that ended, by when, with what the dashboard's churn and month-start MRR read from them (a covering range).
CREATE INDEX `services_ended_idx` ON `services` (COALESCE(`terminated_at`, `cancelled_at`, `updated_at`), `created_at`, `cycle`, `currency`, `amount`, `id`)
WHERE `status` IN ('cancelled', 'terminated');
