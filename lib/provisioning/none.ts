import "server-only";
/** For products that need nothing set up outside billing (a support plan, a donation): every action succeeds. */
import type { ProvisioningContext, ProvisioningModule } from "./types";

const nothing = (what: string) => async (ctx: ProvisioningContext) => {
  await ctx.log(what, "Nothing to set up outside billing for this product.");
};

export const noneModule: ProvisioningModule = {
  name: "none",
  activate: nothing("activate"),
  suspend: nothing("suspend"),
  unsuspend: nothing("unsuspend"),
  terminate: nothing("terminate"),
  changePackage: nothing("change package"),
};
