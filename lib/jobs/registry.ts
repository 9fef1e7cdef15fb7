import "server-only";
/**
 * Every job type is registered by importing its module here: the worker imports this file, so a job type
 * that is not listed has no handler and its jobs go to `dead` with an "unknown job type" error.
 * Domains add their `lib/<domain>/jobs.ts` below.
 */
import "./system-jobs";
import "@/lib/email/jobs";
import "@/lib/security/jobs";
import "@/lib/billing/register-jobs";
import "@/lib/vpn/jobs";
import "@/lib/support/jobs";
import "@/lib/content/jobs";
