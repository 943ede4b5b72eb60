/**
 * The platform's own record of its operators, for what the user pool does not say in a token:
 * whether they enrolled TOTP. Absent until they do.
 */
export interface OperatorDirectory {
  isMfaEnrolled(userId: string): Promise<boolean>;
  markMfaEnrolled(userId: string, username: string, at: string): Promise<void>;
}
