/** A ticket attachment for its customer: their own ticket, never a file on an internal note; else 404. */
import { authorizeCustomer } from "@/lib/auth/guards";
import { toHttpResponse } from "@/lib/errors";
import { attachmentResponse, readAttachment } from "@/lib/support/attachments";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await authorizeCustomer();
    const { id } = await params;
    return attachmentResponse(await readAttachment({ kind: "customer", userId: actor.userId }, id));
  } catch (error) {
    return toHttpResponse(error);
  }
}
