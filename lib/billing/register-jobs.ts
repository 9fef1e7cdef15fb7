import "server-only";
/** Every job type of billing and provisioning; lib/jobs/registry.ts imports this one file. */
import "./jobs";
import "./renewal-jobs";
import "./dunning";
import "@/lib/provisioning/jobs";
import "./scheduled-jobs";
