/** A ticket attachment for staff with tickets.read (internal notes' files included). */
import { authorizeStaff } from "@/lib/auth/guards";
import { toHttpResponse } from "@/lib/errors";
import { attachmentResponse, readAttachment } from "@/lib/support/attachments";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await authorizeStaff("tickets.read");
    const { id } = await params;
    return attachmentResponse(await readAttachment({ kind: "staff" }, id));
  } catch (error) {
    return toHttpResponse(error);
  }
}
