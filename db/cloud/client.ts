import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const cloudDb = () => openDatabase("cloud", schema);
export { schema as cloudSchema };
