import "server-only";
export { sendEmail, sendEmailSchema, type SendEmailInput } from "./send";
export { renderEmail, escapeHtml, type EmailContent, type RenderedEmail } from "./render";
