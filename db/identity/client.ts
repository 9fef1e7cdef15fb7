import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const identityDb = () => openDatabase("identity", schema);
export { schema as identitySchema };
