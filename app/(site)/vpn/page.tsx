// The storefront's older address for VPN pricing (portal links use it): the same cached page, canonical /pricing.
export { default, metadata } from "../pricing/page";
