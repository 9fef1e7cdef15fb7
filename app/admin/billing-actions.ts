"use server";
/**
 * Back-office billing actions. Each declares its permission (authorizeStaff) and passes an audit actor, so the
 * change and its audit row commit together inside lib/billing / lib/payments. Amounts arrive as decimal text
 * and are parsed exactly in the currency of the thing they apply to.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { GATEWAY_SECRET_FIELDS } from "@/lib/payments/config";
import { GATEWAYS } from "@/db/billing/schema";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { cancelInvoice, cancelService, getInvoice, refundableAmount, resumeService } from "@/lib/billing";
import { changeServiceDueDate, staffSuspendService, staffUnsuspendService } from "@/lib/billing/service-admin";
import {
  adjustCustomerCredit,
  findCustomerByEmail,
  getPaymentSummary,
  parseAmountField,
  resendInvoiceEmail,
  resolveReconciliationFlag,
  saveCoupon,
  savePrice,
  saveProduct,
  saveTaxRate,
} from "@/lib/billing/admin";
import { toDecimalString } from "@/lib/billing/money";
import { AppError, notFound, validation } from "@/lib/errors";
import { recordBankTransfer, refundPayment, saveGatewaySettings } from "@/lib/payments";
import { revalidateSite } from "@/lib/site/revalidate";
import { SITE_TAGS } from "@/lib/site/tags";

const id = z.string().trim().min(1).max(64);
const checked = (formData: FormData, name: string) => ["on", "true", "1"].includes(String(formData.get(name) ?? ""));
const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");

/**
 * Public pages that show products or prices (home, pricing, hosting, cloud) carry the catalogue tag: expiring it
 * re-renders every one of them for the next visitor.
 */
function revalidateStorefront() {
  revalidateSite(SITE_TAGS.catalogue);
}

/* ─── Invoices ─── */

export async function recordBankPaymentAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("payments.record");
    const input = parseForm(
      z.object({
        invoiceId: id,
        amount: z.string().trim().min(1, "Enter the amount received."),
        reference: z.string().trim().min(1, "Enter the bank reference of the transfer.").max(140),
        receivedAt: z.string().trim().optional(),
      }),
      formData,
    );
    const invoice = await getInvoice(input.invoiceId);
    if (!invoice) throw notFound("Invoice not found");
    const amount = parseAmountField(input.amount, invoice.currency, "amount");
    const receivedAt = input.receivedAt ? new Date(`${input.receivedAt}T12:00:00Z`) : undefined;
    if (receivedAt && (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > Date.now() + 86_400_000)) throw validation({ receivedAt: ["Enter the day the money arrived."] });
    const result = await recordBankTransfer(await auditActorFor(actor), input.invoiceId, { amount, reference: input.reference, receivedAt });
    revalidatePath(`/admin/invoices/${input.invoiceId}`);
    revalidatePath("/admin/invoices");
    if (result.outcome === "held") throw new AppError("CONFLICT", `Recorded but not applied: ${result.message} It is flagged under Payments › Reconciliation.`);
    return { outcome: result.outcome };
  });
}

export async function refundPaymentAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("invoices.refund");
    const input = parseForm(
      z.object({
        paymentId: id,
        amount: z.string().trim().min(1, "Enter the amount to refund."),
        method: z.enum(["gateway", "credit"], { error: "Choose where the money goes." }),
        reason: z.string().trim().max(300).optional(),
      }),
      formData,
    );
    const payment = await getPaymentSummary(input.paymentId);
    if (!payment) throw notFound("Payment not found");
    const amount = parseAmountField(input.amount, payment.currency, "amount");
    const left = await refundableAmount(payment.id);
    if (amount > left) throw validation({ amount: [`At most ${toDecimalString(left, payment.currency)} ${payment.currency} can be refunded.`] });
    const refund = await refundPayment(await auditActorFor(actor), payment.id, { amount, method: input.method, reason: input.reason || null });
    if (payment.invoiceId) revalidatePath(`/admin/invoices/${payment.invoiceId}`);
    revalidatePath("/admin/payments");
    return { status: refund.status, method: refund.method };
  });
}

export async function cancelInvoiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("invoices.write");
    const input = parseForm(z.object({ invoiceId: id, reason: z.string().trim().max(300).optional() }), formData);
    await cancelInvoice(await auditActorFor(actor), input.invoiceId, { reason: input.reason || undefined });
    revalidatePath(`/admin/invoices/${input.invoiceId}`);
    revalidatePath("/admin/invoices");
    return { cancelled: true };
  });
}

export async function resendInvoiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("invoices.write");
    const { invoiceId } = parseForm(z.object({ invoiceId: id }), formData);
    return resendInvoiceEmail(await auditActorFor(actor), invoiceId);
  });
}

/* ─── Catalogue ─── */

export async function saveProductAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("products.write");
    const productId = text(formData, "productId") || null;
    const product = await saveProduct(await auditActorFor(actor), productId, {
      slug: text(formData, "slug"),
      type: text(formData, "type"),
      name: text(formData, "name"),
      tagline: text(formData, "tagline"),
      description: text(formData, "description"),
      features: text(formData, "features"),
      module: text(formData, "module"),
      moduleConfig: text(formData, "moduleConfig"),
      trialDays: text(formData, "trialDays") || "0",
      sortOrder: text(formData, "sortOrder") || "0",
      visible: checked(formData, "visible"),
      featured: checked(formData, "featured"),
    });
    revalidateStorefront();
    revalidatePath("/admin/products");
    revalidatePath(`/admin/products/${product.id}`);
    return { id: product.id };
  });
}

export async function savePriceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("products.write");
    const productId = id.parse(text(formData, "productId"));
    const price = await savePrice(await auditActorFor(actor), productId, {
      cycle: text(formData, "cycle"),
      currency: text(formData, "currency"),
      amount: text(formData, "amount"),
      setupFee: text(formData, "setupFee"),
      active: checked(formData, "active"),
    });
    revalidateStorefront();
    revalidatePath(`/admin/products/${productId}`);
    revalidatePath("/admin/products");
    return { id: price.id, amount: price.amount };
  });
}

/* ─── Coupons and taxes ─── */

export async function saveCouponAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("coupons.write");
    const couponId = text(formData, "couponId") || null;
    const coupon = await saveCoupon(await auditActorFor(actor), couponId, {
      code: text(formData, "code"),
      description: text(formData, "description"),
      discountType: text(formData, "discountType"),
      percent: text(formData, "percent"),
      amountOff: text(formData, "amountOff"),
      currency: text(formData, "currency"),
      duration: text(formData, "duration") || "once",
      durationCycles: text(formData, "durationCycles"),
      productIds: formData.getAll("productIds").map(String).filter(Boolean),
      cycles: formData.getAll("cycles").map(String).filter(Boolean),
      maxRedemptions: text(formData, "maxRedemptions"),
      maxPerCustomer: text(formData, "maxPerCustomer"),
      newCustomersOnly: checked(formData, "newCustomersOnly"),
      validFrom: text(formData, "validFrom"),
      validUntil: text(formData, "validUntil"),
      active: checked(formData, "active"),
    });
    revalidatePath("/admin/coupons");
    return { id: coupon.id, code: coupon.code };
  });
}

export async function saveTaxRateAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("taxes.write");
    const rate = await saveTaxRate(await auditActorFor(actor), text(formData, "taxRateId") || null, {
      name: text(formData, "name"),
      country: text(formData, "country"),
      state: text(formData, "state"),
      rate: text(formData, "rate"),
      inclusive: checked(formData, "inclusive"),
      active: checked(formData, "active"),
    });
    revalidatePath("/admin/tax-rates");
    return { id: rate.id };
  });
}

/* ─── Payments ─── */

export async function adjustCreditAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("invoices.refund");
    const input = parseForm(
      z.object({
        email: z.email({ error: "Enter the customer's email address." }),
        amount: z.string().trim().min(1, "Enter an amount."),
        currency: z.string().trim().min(3).max(3),
        description: z.string().trim().max(200),
      }),
      formData,
    );
    const customer = await findCustomerByEmail(input.email);
    if (!customer) throw validation({ email: ["There is no customer with this email address."] });
    const entry = await adjustCustomerCredit(await auditActorFor(actor), customer.id, {
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      idempotencyKey: text(formData, "idempotencyKey") || undefined,
    });
    revalidatePath("/admin/payments/credit");
    return { balanceAfter: entry.balanceAfter, currency: entry.currency, email: customer.email };
  });
}

export async function resolveFlagAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("payments.record");
    const input = parseForm(z.object({ flagId: id, status: z.enum(["resolved", "ignored"]), note: z.string().trim().max(500).optional() }), formData);
    await resolveReconciliationFlag(await auditActorFor(actor), input.flagId, { status: input.status, note: input.note });
    revalidatePath("/admin/payments");
    return { status: input.status };
  });
}

/* ─── Gateway settings ─── */

/** Non-secret fields each gateway's form may send (into public_config). */
const PUBLIC_FIELDS: Record<string, string[]> = {
  stripe: ["publishableKey"],
  paypal: ["webhookId", "environment"],
  bank_transfer: ["instructions"],
  credit: [],
  manual: [],
};

export async function saveGatewayAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("settings.write");
    const gateway = z.enum(GATEWAYS).parse(text(formData, "gateway"));
    const publicConfig: Record<string, unknown> = {};
    for (const field of PUBLIC_FIELDS[gateway] ?? []) {
      const value = text(formData, `public.${field}`).trim();
      if (value.length > 4000) throw validation({ [`public.${field}`]: ["Too long."] });
      if (value) publicConfig[field] = value;
    }
    if (publicConfig.environment && !["sandbox", "production"].includes(String(publicConfig.environment))) throw validation({ "public.environment": ["Choose sandbox or production."] });
    // Secrets are write-only: an empty field keeps the stored value; "remove" clears it.
    const secrets: Record<string, string | null> = {};
    for (const field of GATEWAY_SECRET_FIELDS[gateway] as readonly string[]) {
      if (checked(formData, `remove.${field}`)) secrets[field] = null;
      else if (text(formData, `secret.${field}`).trim()) secrets[field] = text(formData, `secret.${field}`).trim();
    }
    const displayName = text(formData, "displayName").trim();
    if (displayName.length > 60) throw validation({ displayName: ["At most 60 characters."] });
    const config = await saveGatewaySettings(await auditActorFor(actor), gateway, {
      enabled: checked(formData, "enabled"),
      testMode: checked(formData, "testMode"),
      displayName: displayName || undefined,
      publicConfig,
      secrets,
    });
    revalidatePath("/admin/settings/payments");
    return { gateway, enabled: config.enabled, secretsSet: config.secretsSet };
  });
}

/* ─── Services ─── */

const serviceId = z.object({ serviceId: id });

export async function suspendServiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("services.write");
    const input = parseForm(serviceId.extend({ reason: z.string().trim().max(300).optional() }), formData);
    await staffSuspendService(await auditActorFor(actor), input.serviceId, { reason: input.reason || null });
    revalidatePath(`/admin/services/${input.serviceId}`);
    return { queued: "suspend" };
  });
}

export async function unsuspendServiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("services.write");
    const input = parseForm(serviceId, formData);
    await staffUnsuspendService(await auditActorFor(actor), input.serviceId);
    revalidatePath(`/admin/services/${input.serviceId}`);
    return { queued: "unsuspend" };
  });
}

export async function cancelServiceStaffAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("services.write");
    const input = parseForm(
      serviceId.extend({ when: z.enum(["now", "period_end"], { error: "Choose when the service stops." }), reason: z.string().trim().max(300).optional() }),
      formData,
    );
    const service = await cancelService(await auditActorFor(actor), input.serviceId, { when: input.when, reason: input.reason || null });
    revalidatePath(`/admin/services/${input.serviceId}`);
    return { status: service.status, cancelAtPeriodEnd: service.cancelAtPeriodEnd };
  });
}

export async function resumeServiceStaffAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("services.write");
    const input = parseForm(serviceId, formData);
    await resumeService(await auditActorFor(actor), input.serviceId);
    revalidatePath(`/admin/services/${input.serviceId}`);
    return { resumed: true };
  });
}

export async function changeServiceDueDateAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("services.write");
    const input = parseForm(serviceId.extend({ nextDueAt: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date.") }), formData);
    const service = await changeServiceDueDate(await auditActorFor(actor), input.serviceId, new Date(`${input.nextDueAt}T12:00:00Z`));
    revalidatePath(`/admin/services/${input.serviceId}`);
    return { nextDueAt: service.nextDueAt?.toISOString() ?? null };
  });
}
