import "server-only";
/**
 * Account credit: an append-only ledger per customer and currency. Each entry carries the next `seq` for that
 * customer and the balance after it; the unique (customer, currency, seq) index means two writers that read the
 * same last entry cannot both append (one fails and nothing is spent twice), even across processes or on a
 * remote libSQL server. Spending never takes the balance below zero.
 */
import { and, desc, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { creditLedger, CREDIT_REASONS } from "@/db/billing/schema";
import { AppError } from "@/lib/errors";
import type { BillingExecutor } from "./db";
import { assertMinor } from "./money";

export type CreditEntry = typeof creditLedger.$inferSelect;
export type CreditReason = (typeof CREDIT_REASONS)[number];

type Reader = Pick<BillingExecutor, "select">;

async function lastEntry(db: Reader, customerId: string, currency: string) {
  const [row] = await db
    .select({ seq: creditLedger.seq, balanceAfter: creditLedger.balanceAfter })
    .from(creditLedger)
    .where(and(eq(creditLedger.customerId, customerId), eq(creditLedger.currency, currency)))
    .orderBy(desc(creditLedger.seq))
    .limit(1);
  return row ?? { seq: 0, balanceAfter: 0 };
}

export async function creditBalance(customerId: string, currency: string, db: Reader = billingDb()): Promise<number> {
  return (await lastEntry(db, customerId, currency.toUpperCase())).balanceAfter;
}

export interface AppendCreditInput {
  customerId: string;
  currency: string;
  /** Signed minor units: positive adds credit, negative spends it. */
  amount: number;
  reason: CreditReason;
  description?: string | null;
  invoiceId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  createdBy?: string | null;
  /** A second append with the same key returns the first entry and changes nothing. */
  idempotencyKey?: string | null;
  /** Only for reversals (a chargeback on credit already spent): lets the balance go below zero. */
  allowNegative?: boolean;
}

export class InsufficientCreditError extends AppError {
  constructor(readonly balance: number, readonly requested: number) {
    super("VALIDATION", "There is not enough account credit for this payment.", {
      fieldErrors: { amount: ["There is not enough account credit for this payment."] },
    });
  }
}

/** Appends one ledger entry; call it inside the transaction of the change it belongs to. */
export async function appendCredit(tx: BillingExecutor, input: AppendCreditInput): Promise<CreditEntry> {
  assertMinor(input.amount);
  if (input.amount === 0) throw new AppError("VALIDATION", "A credit entry needs a non-zero amount.");
  const currency = input.currency.toUpperCase();
  if (input.idempotencyKey) {
    const [existing] = await tx.select().from(creditLedger).where(eq(creditLedger.idempotencyKey, input.idempotencyKey)).limit(1);
    if (existing) return existing;
  }
  const last = await lastEntry(tx, input.customerId, currency);
  const balanceAfter = last.balanceAfter + input.amount;
  if (input.amount < 0 && balanceAfter < 0 && !input.allowNegative) throw new InsufficientCreditError(last.balanceAfter, -input.amount);
  const [row] = await tx
    .insert(creditLedger)
    .values({
      customerId: input.customerId,
      currency,
      seq: last.seq + 1,
      amount: input.amount,
      balanceAfter,
      reason: input.reason,
      description: input.description ?? null,
      invoiceId: input.invoiceId ?? null,
      paymentId: input.paymentId ?? null,
      refundId: input.refundId ?? null,
      createdBy: input.createdBy ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    })
    .returning();
  return row!;
}

export async function listCreditEntries(customerId: string, currency: string, options: { limit?: number } = {}, db: Reader = billingDb()) {
  return db
    .select({
      id: creditLedger.id,
      seq: creditLedger.seq,
      amount: creditLedger.amount,
      balanceAfter: creditLedger.balanceAfter,
      reason: creditLedger.reason,
      description: creditLedger.description,
      invoiceId: creditLedger.invoiceId,
      createdAt: creditLedger.createdAt,
    })
    .from(creditLedger)
    .where(and(eq(creditLedger.customerId, customerId), eq(creditLedger.currency, currency.toUpperCase())))
    .orderBy(desc(creditLedger.seq))
    .limit(options.limit ?? 100);
}

