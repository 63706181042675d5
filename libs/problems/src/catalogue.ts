/**
 * Every kind of error the API answers, by its stable machine-readable code: the HTTP status it is
 * answered with and its title (the same for every occurrence; the `detail` says what happened this
 * time). Clients branch on `code`; the README's table of error codes is generated from this list
 * (`npm run docs:errors`), and the OpenAPI document enumerates it.
 *
 * Codes are `<area>.<what_went_wrong>`, lower case. Once published a code keeps its meaning: add a
 * new one rather than reusing an old one for something else.
 */
export interface ProblemKind {
  status: number;
  title: string;
  /** One line for the README: when a client sees this code and what it should do. */
  meaning: string;
}

const kinds = <T extends Record<string, ProblemKind>>(catalogue: T): T => catalogue;

export const PROBLEM_CATALOGUE = kinds({
  // The request itself: body, route, parameters.
  'request.invalid_json': {
    status: 400,
    title: 'Request body is not valid JSON',
    meaning: 'The body could not be parsed as JSON; send one JSON object or array with Content-Type: application/json.',
  },
  'request.too_large': {
    status: 413,
    title: 'Request body is too large',
    meaning: 'The body is larger than HTTP_BODY_LIMIT (HTTP_IMPORT_BODY_LIMIT on the import routes); send less (e.g. import in parts).',
  },
  'request.unsupported_encoding': {
    status: 415,
    title: 'Request body encoding is not supported',
    meaning: 'The Content-Encoding or charset is not one the API reads; send UTF-8 JSON, uncompressed or gzip/deflate.',
  },
  'request.unreadable': {
    status: 400,
    title: 'Request body could not be read',
    meaning: 'The body stopped early or did not match its Content-Length; send it again.',
  },
  'validation.failed': {
    status: 400,
    title: 'Some fields are not valid',
    meaning: 'One or more fields or query parameters are missing or malformed; `errors` lists each field with what is wrong.',
  },
  'validation.bad_cursor': {
    status: 400,
    title: 'Cursor is not one this API issued',
    meaning: 'The `cursor` was altered, expired with a format change, or belongs to another list; start again without a cursor.',
  },
  'http.not_found': {
    status: 404,
    title: 'No such route',
    meaning: 'Neither the path nor the method names an operation of this API; the OpenAPI document lists them.',
  },
  'http.bad_request': {
    status: 400,
    title: 'Bad request',
    meaning: 'A request the framework refused before our code saw it; the detail says why.',
  },
  'http.unauthorized': {
    status: 401,
    title: 'Unauthorized',
    meaning: 'Refused by a component without a more specific code for want of credentials; the detail says why.',
  },
  'http.forbidden': {
    status: 403,
    title: 'Forbidden',
    meaning: 'Refused by a component without a more specific code; the detail says why.',
  },
  'http.conflict': {
    status: 409,
    title: 'Conflict',
    meaning: 'Refused by a component without a more specific code because of the current state; the detail says why.',
  },
  'http.unavailable': {
    status: 503,
    title: 'Service unavailable',
    meaning: 'A component without a more specific code is briefly unavailable; try again shortly.',
  },
  'rate_limit.exceeded': {
    status: 429,
    title: 'Too many requests',
    meaning: 'This client or account made too many requests (e.g. sign-in attempts); wait the Retry-After seconds.',
  },
  'internal.error': {
    status: 500,
    title: 'Internal error',
    meaning: 'A fault on our side; report the `errorId` to the operators, who find the cause in the log by it.',
  },
  'health.unavailable': {
    status: 503,
    title: 'A dependency is down',
    meaning: 'PostgreSQL, Redis or the object store did not answer; `checks` says which is down.',
  },

  // Signing in and access.
  'auth.missing_token': {
    status: 401,
    title: 'Not signed in',
    meaning: 'No Authorization header; sign in with POST /auth/login and send "Authorization: Bearer <token>".',
  },
  'auth.malformed_header': {
    status: 401,
    title: 'Authorization header is malformed',
    meaning: 'The Authorization header is not "Bearer <token>".',
  },
  'auth.invalid_token': {
    status: 401,
    title: 'Access token is not valid',
    meaning: 'The token is forged or damaged, or the password was changed after it was issued; sign in again.',
  },
  'auth.token_expired': { status: 401, title: 'Access token expired', meaning: 'The token is past its lifetime; sign in again.' },
  'auth.account_unavailable': {
    status: 401,
    title: 'Account is disabled or gone',
    meaning: 'The account behind a valid token was disabled or removed; ask an admin.',
  },
  'auth.invalid_credentials': {
    status: 401,
    title: 'Invalid e-mail or password',
    meaning: 'The same answer for an unknown e-mail and a wrong password, so accounts cannot be discovered.',
  },
  'auth.awaiting_confirmation': {
    status: 403,
    title: 'Account awaits confirmation',
    meaning: 'A staff account a second admin has not confirmed yet cannot sign in; ask an admin other than its creator.',
  },
  'auth.metrics_token_required': {
    status: 401,
    title: 'Metrics need the scrape token',
    meaning: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".',
  },
  'auth.route_closed': {
    status: 403,
    title: 'Route is closed',
    meaning: 'The route declares no access policy, so it is closed to everyone (a fault to report).',
  },
  'auth.role_not_allowed': {
    status: 403,
    title: 'Not allowed for your role',
    meaning: 'The operation is for other roles; the detail names them.',
  },
  'auth.session_invalid': {
    status: 401,
    title: 'Not signed in',
    meaning: 'The session cookie is malformed, unknown or signed out; sign in again with POST /auth/session.',
  },
  'auth.session_expired': {
    status: 401,
    title: 'Session expired',
    meaning: 'The browser session is past SESSION_TTL_HOURS; sign in again with POST /auth/session.',
  },
  'auth.csrf_token_invalid': {
    status: 403,
    title: 'CSRF token missing or wrong',
    meaning: "A change made with the session cookie must send the __Host-wardwatch_csrf cookie's value in the X-CSRF-Token header.",
  },
  'auth.cross_site_request': {
    status: 403,
    title: 'Cross-site request refused',
    meaning:
      'The browser marked the request as cross-site (Sec-Fetch-Site) and it carries no bearer token; changes come from the web app only.',
  },
  'auth.wrong_password': {
    status: 403,
    title: 'Current password is not correct',
    meaning: 'Changing a password asks for the current one again, and it did not match; try again.',
  },
  'auth.password_unchanged': {
    status: 400,
    title: 'New password is the current one',
    meaning: 'The new password must differ from the current one; choose another.',
  },
  'auth.limiter_unavailable': {
    status: 503,
    title: 'Sign-in is briefly unavailable',
    meaning: 'The shared rate limiter (Redis) is not answering, and sign-in fails closed; try again shortly.',
  },

  // Accounts.
  'account.admin_only': {
    status: 403,
    title: 'Only admins manage accounts',
    meaning: 'Creating, changing and confirming accounts is for admins.',
  },
  'account.invalid_role': {
    status: 400,
    title: 'Role cannot be given this way',
    meaning: 'Staff accounts are officer, supervisor or admin; residents register themselves.',
  },
  'account.invalid_status': { status: 400, title: 'Status cannot be set', meaning: 'The status is not one an admin may set.' },
  'account.admins_exist': {
    status: 409,
    title: 'Admins already exist',
    meaning: 'The first-admin bootstrap is spent; further admins are created by an admin and confirmed by a second one.',
  },
  'account.email_taken': {
    status: 409,
    title: 'E-mail already has an account',
    meaning: 'An account with this e-mail exists; sign in or use another address.',
  },
  'account.not_found': { status: 404, title: 'No such user', meaning: 'No account has this id.' },
  'account.wrong_password': {
    status: 403,
    title: 'Password does not match',
    meaning: 'The password re-entered to confirm (deleting your account) is not this account’s; nothing was changed.',
  },
  'account.staff_cannot_self_delete': {
    status: 403,
    title: 'Staff accounts are not deleted by their holders',
    meaning:
      'Only residents delete their own account; an admin disables a staff account (PATCH /users/:id), so its work stays attributable.',
  },
  'account.self_change': {
    status: 400,
    title: 'Admins cannot change their own role or status',
    meaning: 'Ask another admin to change your role or status.',
  },
  'account.not_confirmed': {
    status: 409,
    title: 'Account not confirmed yet',
    meaning: 'A second admin must confirm the account (POST /users/{id}/confirm) before it can be activated.',
  },
  'account.nothing_to_confirm': {
    status: 409,
    title: 'Nothing to confirm',
    meaning: 'The account has no new account or role change waiting for confirmation.',
  },
  'account.second_admin_required': {
    status: 403,
    title: 'A second admin must confirm',
    meaning: 'The admin who proposed an account or role change, or whom it concerns, cannot confirm it.',
  },

  // The audit log.
  'audit.period_reversed': { status: 400, title: 'Period ends before it starts', meaning: '`from` must be before `to`.' },
  'audit.period_too_long': {
    status: 400,
    title: 'Period is too long',
    meaning: 'Flags are computed for at most 92 days at a time; ask for the period in parts.',
  },
  'audit.verification_not_found': {
    status: 404,
    title: 'No such verification run',
    meaning: 'No chain verification run has this id; POST /audit/verifications starts one.',
  },

  // The public transparency report.
  'transparency.invalid_period': {
    status: 400,
    title: 'Period is not valid',
    meaning: '`from` and `to` are months (YYYY-MM) in the ward’s time zone, `from` not after `to`, `to` not after the current month.',
  },
  'transparency.period_too_long': {
    status: 400,
    title: 'Period is too long',
    meaning: 'One report covers at most 24 months; ask for a longer period in parts.',
  },

  // Places: wards and streets.
  'ward.not_found': { status: 404, title: 'No such ward', meaning: 'No ward has this code or id; GET /wards lists them.' },
  'ward.invalid_import': {
    status: 400,
    title: 'Ward import is not valid',
    meaning: 'The GeoJSON is not a FeatureCollection of valid (Multi)Polygons with a code and name; the detail names the feature.',
  },
  'street.invalid_import': {
    status: 400,
    title: 'Street import is not valid',
    meaning: 'Not a FeatureCollection of (Multi)LineStrings or a list of names; the detail names the street or feature.',
  },

  // Camera networks (where cameras may be).
  'camera_network.invalid_cidr': {
    status: 400,
    title: 'Not a network address',
    meaning: 'The CIDR is malformed or has host bits set (e.g. use 10.8.0.0/16).',
  },
  'camera_network.too_broad': {
    status: 400,
    title: 'Camera network too broad',
    meaning:
      'The range is shorter than /8 (IPv4) or /32 (IPv6), so it would cover hosts that are not cameras; add only the ward overlay networks cameras are reached through.',
  },
  'camera_network.exists': { status: 409, title: 'Network already allowed', meaning: 'This CIDR is already an allowed camera network.' },
  'camera_network.not_found': { status: 404, title: 'No such camera network', meaning: 'No camera network has this id.' },
  'camera_network.in_use': {
    status: 409,
    title: 'Camera network still covers cameras',
    meaning:
      'Enrolled cameras have their address in this network (`cameras` says how many); removing it cuts them off. Send force=true to remove it anyway.',
  },

  // Consent.
  'consent.unknown_notice': {
    status: 400,
    title: 'Unknown consent notice',
    meaning: 'The notice version and language are not a published notice; fetch GET /consent-notice first.',
  },
  'consent.retention_too_long': {
    status: 400,
    title: 'Retention is too long',
    meaning: "retentionDays is above the ward's maximum (CONSENT_MAX_RETENTION_DAYS).",
  },
  'consent.purposes_inconsistent': {
    status: 400,
    title: 'Purposes do not go together',
    meaning: 'clips and police_search need event_metadata too.',
  },
  'consent.missing': { status: 409, title: 'No consent to change', meaning: 'The camera has no consent record to change.' },
  'consent.invalid_transition': {
    status: 409,
    title: 'Consent cannot change that way',
    meaning: 'The consent is in a state it cannot leave that way (withdrawal is final: enrol again).',
  },
  'consent.camera_not_pending': {
    status: 409,
    title: 'Camera cannot be given a first consent',
    meaning: 'Only a camera enrolled pending (without consent) gets a first consent; this one was removed, or consented meanwhile.',
  },

  // Cameras.
  'camera.not_found': { status: 404, title: 'No such camera', meaning: 'No camera has this id.' },
  'camera.residents_only': {
    status: 403,
    title: 'Cameras are enrolled by residents',
    meaning: 'Only the resident who owns a camera enrols it.',
  },
  'camera.ward_without_boundary': {
    status: 422,
    title: 'Ward has no boundary yet',
    meaning: "The camera's position cannot be checked until an admin imports the ward's boundary (POST /wards/import).",
  },
  'camera.outside_ward': {
    status: 422,
    title: 'Position is outside the ward',
    meaning: 'The latitude and longitude are not inside the named ward; check the map position.',
  },
  'camera.already_enrolled': {
    status: 409,
    title: 'You already enrolled this camera',
    meaning: 'Change the existing camera (`cameraId`) instead of enrolling it again.',
  },
  'camera.enrolled_by_someone_else': {
    status: 409,
    title: 'Camera is enrolled by another resident',
    meaning: 'The camera cannot be enrolled twice; the ward office can check the existing enrolment, and its owner is told.',
  },
  'camera.withdrawn': {
    status: 409,
    title: 'Camera consent was withdrawn',
    meaning: 'A camera whose consent was withdrawn cannot be changed; enrol it again.',
  },
  'camera.removed': {
    status: 409,
    title: 'Camera was removed',
    meaning: 'The camera was removed by its owner (perhaps while the request ran); enrol it again to use it.',
  },
  'camera.already_removed': {
    status: 409,
    title: 'Camera already removed',
    meaning: 'DELETE /cameras/:id was already done for this camera (`removedAt` says when); nothing more to remove.',
  },
  'camera.unknown_street': {
    status: 422,
    title: 'Not a street of the ward',
    meaning:
      "The street is not one of the camera's ward's streets; pick one from GET /wards/:id/streets (`suggestions` lists close names).",
  },
  'camera.clip_roll_too_long': {
    status: 422,
    title: 'Pre- or post-roll is too long',
    meaning: 'preRollSeconds or postRollSeconds is above the administrators’ maximum (CLIP_MAX_PRE_ROLL_S, CLIP_MAX_POST_ROLL_S).',
  },
  'camera.registry_not_for_police': {
    status: 403,
    title: 'The registry is not for officers',
    meaning: 'Officers and supervisors find cameras through search, not the registry.',
  },
  'camera.not_yours': {
    status: 403,
    title: 'Not one of your cameras',
    meaning: 'The camera belongs to another resident, or does not exist.',
  },

  // A snapshot from the owner's own camera (GET /cameras/:id/snapshot). `failure` repeats the reason.
  'snapshot.camera_withdrawn': {
    status: 409,
    title: 'No snapshot of a withdrawn camera',
    meaning: 'The camera was removed or its consent withdrawn; the device may be enrolled by someone else now, so no picture is taken.',
  },
  'snapshot.rate_limited': {
    status: 429,
    title: 'Too many snapshots',
    meaning: 'Your account took too many snapshots in a short time (SNAPSHOT_RATE_LIMIT_PER_USER); `Retry-After` says when to try again.',
  },
  'snapshot.busy': {
    status: 503,
    title: 'Too many snapshots at once',
    meaning: 'This API process is taking as many snapshots as it may at once; try again in a few seconds.',
  },
  'snapshot.limiter_unavailable': {
    status: 503,
    title: 'Snapshot limiter unavailable',
    meaning: 'The shared rate limiter (Redis) is not answering, so snapshots are refused; try again shortly.',
  },
  'snapshot.too_large': {
    status: 502,
    title: 'Camera snapshot is too large',
    meaning: "The camera's picture is larger than SNAPSHOT_MAX_BYTES; lower its snapshot resolution or quality.",
  },
  'snapshot.not_jpeg': {
    status: 502,
    title: 'Camera snapshot is not a JPEG',
    meaning: 'What the camera sent is not a JPEG image by its bytes; check its snapshot settings.',
  },
  'snapshot.redirect': {
    status: 502,
    title: 'Camera redirected the snapshot',
    meaning: 'The camera answered with a redirect, which is never followed; configure it to serve the snapshot itself.',
  },
  'snapshot.timeout': {
    status: 502,
    title: 'Camera snapshot took too long',
    meaning: 'The camera did not send its picture within SNAPSHOT_DEADLINE_MS; check its network and try again.',
  },
  'snapshot.unreachable': {
    status: 502,
    title: 'Camera could not be reached',
    meaning: 'Nothing answered at the enrolled address; check that the camera is on and connected.',
  },
  'snapshot.auth_refused': {
    status: 502,
    title: 'Camera refused the credentials',
    meaning: 'The camera refused the stored ONVIF user; set new ones with PUT /cameras/:id/credentials.',
  },
  'snapshot.http_error': {
    status: 502,
    title: 'Camera answered the snapshot with an error',
    meaning: 'The camera answered with an HTTP error status; the detail names it.',
  },
  'snapshot.forbidden_address': {
    status: 502,
    title: 'Camera address no longer allowed',
    meaning: "The camera's enrolled address (or one it pointed to) is not on an allowed camera network now.",
  },
  'snapshot.unavailable': {
    status: 502,
    title: 'No snapshot from the camera',
    meaning: 'The camera offers no snapshot address and no frame could be taken from its stream; the detail says why.',
  },
  'clip.not_found': {
    status: 404,
    title: 'No such clip',
    meaning: 'The camera has no stored clip with this id (or it has no thumbnail).',
  },

  // Probing a camera over ONVIF (enrolment, re-probe, new credentials). `failure` repeats the reason.
  'probe.forbidden_address': {
    status: 422,
    title: 'Camera address refused',
    meaning: 'The address is not in an allowed camera network, or is one the service never contacts.',
  },
  'probe.no_onvif_camera': {
    status: 422,
    title: 'No ONVIF camera answered',
    meaning: 'Nothing answered as an ONVIF camera at this address and port: check power, address, port and that ONVIF is on.',
  },
  'probe.unreachable': {
    status: 422,
    title: 'Camera is unreachable',
    meaning: 'The camera answered as ONVIF but a later connection (e.g. its stream) could not be made.',
  },
  'probe.timeout': { status: 422, title: 'Camera did not answer in time', meaning: 'The camera stopped answering part-way through.' },
  'probe.auth_refused': {
    status: 422,
    title: 'Camera refused the credentials',
    meaning: "The ONVIF user name or password is wrong; check them in the camera's own settings.",
  },
  'probe.malformed_reply': {
    status: 422,
    title: 'Camera answered something unreadable',
    meaning: 'The camera’s reply was not valid ONVIF; update its firmware or report the model.',
  },
  'probe.no_pullpoint': {
    status: 422,
    title: 'Camera has no motion events',
    meaning: 'The camera offers no ONVIF PullPoint event subscription, which the network needs for motion events.',
  },
  'probe.no_h264': {
    status: 422,
    title: 'Camera has no H.264 stream',
    meaning: 'The camera offers no H.264 profile to record clips from.',
  },
  'probe.clock_unset': {
    status: 422,
    title: "Camera's clock is unset",
    meaning: "The camera's clock is far from the real time; set its date, time or NTP server.",
  },
  'probe.rate_limited': {
    status: 429,
    title: 'Too many camera probes',
    meaning: 'Your account or this camera address was probed too often; wait the Retry-After seconds.',
  },
  'probe.busy': {
    status: 503,
    title: 'Camera probes are busy',
    meaning: 'This API instance already runs as many probes as it allows; try again shortly.',
  },
  'probe.limiter_unavailable': {
    status: 503,
    title: 'Camera probes are briefly unavailable',
    meaning: 'The probe rate limiter (Redis) is not answering, and probes fail closed; try again shortly.',
  },

  // Search.
  'search.invalid_place': {
    status: 400,
    title: 'Search place is not valid',
    meaning:
      'Name exactly one place: street (optional houseFrom/houseTo, wardId), lat+lon+radiusM, or wardId; in a body, place.kind street, circle, polygon or ward.',
  },
  'search.invalid_street': { status: 400, title: 'Street is not valid', meaning: 'The street has too few letters or is too long.' },
  'search.invalid_house_number': {
    status: 400,
    title: 'House number is not valid',
    meaning: 'houseFrom/houseTo must hold a house number (12, 12A, 12/3), lowest first.',
  },
  'search.invalid_radius': {
    status: 400,
    title: 'Point or radius is not valid',
    meaning: 'lat, lon or radiusM is out of range (radius 1 to 2000 m).',
  },
  'search.invalid_area': {
    status: 400,
    title: 'Search area is not valid',
    meaning:
      'The polygon is not a closed GeoJSON Polygon of one ring with at most 200 [longitude, latitude] corners, or it crosses itself; the detail says where.',
  },
  'search.area_too_large': {
    status: 400,
    title: 'Search area is too large',
    meaning: 'The polygon covers more than a 2000 m radius circle (about 12.57 km²); draw a smaller area (searches stay targeted).',
  },
  'search.invalid_window': {
    status: 400,
    title: 'Time window is not valid',
    meaning: 'from and to are both required and to must be after from.',
  },
  'search.window_too_long': {
    status: 400,
    title: 'Time window is too long',
    meaning: 'The window is longer than SEARCH_MAX_WINDOW_HOURS; narrow from/to (searches stay targeted).',
  },
  'search.investigation_refused': {
    status: 403,
    title: 'Search refused for this investigation',
    meaning: 'The investigation is closed, unknown or not yours (the refusal is audited); search with one you work on, or without it.',
  },

  // Investigations, footage requests and releases.
  'investigation.not_found': { status: 404, title: 'No such investigation', meaning: 'No investigation has this id.' },
  'investigation.case_number_taken': {
    status: 409,
    title: 'Case number already used',
    meaning: 'An investigation with this case number exists.',
  },
  'investigation.not_member': {
    status: 403,
    title: 'Not a member of the investigation',
    meaning: 'Only members see and work on an investigation; ask its lead officer to add you.',
  },
  'investigation.closed': { status: 409, title: 'Investigation is closed', meaning: 'A closed investigation takes no more work.' },
  'investigation.member_not_eligible': {
    status: 422,
    title: 'User cannot be a member',
    meaning: 'Only active officers and supervisors can be members of an investigation.',
  },
  'investigation.already_member': { status: 409, title: 'Already a member', meaning: 'The user is already a member of the investigation.' },
  'investigation.not_lead': {
    status: 403,
    title: 'Only the lead officer or a supervisor',
    meaning: "Removing members and handing over the lead are for the investigation's lead officer or a supervisor.",
  },
  'investigation.member_not_found': {
    status: 404,
    title: 'Not a member',
    meaning: 'The user is not (or no longer) a member of the investigation; GET /investigations/{id} lists its members.',
  },
  'investigation.lead_cannot_be_removed': {
    status: 409,
    title: 'The lead officer cannot be removed',
    meaning: 'Hand the lead over to another member first (POST /investigations/{id}/lead), then remove them.',
  },
  'investigation.lead_not_eligible': {
    status: 422,
    title: 'User cannot lead the investigation',
    meaning: 'The new lead must be an active officer or supervisor who is a member of the investigation, and not the lead already.',
  },
  'investigation.nothing_released': {
    status: 409,
    title: 'Nothing released yet',
    meaning:
      'The investigation has no live release (approved, unexpired, not revoked), so there is nothing to export; export again once a footage request is released.',
  },
  'footage_request.not_found': {
    status: 404,
    title: 'No such footage request',
    meaning: 'No footage request with this id (for this investigation or camera of yours).',
  },
  'footage_request.invalid_selection': {
    status: 400,
    title: 'Cameras are not named in one way',
    meaning: 'Name the cameras in exactly one way: cameraIds, area (point and radius), polygon or wardId, with 1 to 200 cameras.',
  },
  'footage_request.exceeds_limits': {
    status: 400,
    title: 'Request is larger than one request may be without a justification',
    meaning:
      'The area or the window is beyond FOOTAGE_REQUEST_MAX_AREA_KM2 / FOOTAGE_REQUEST_MAX_WINDOW_HOURS; `limits` names each with the measured value and the limit. Narrow it, or send a `justification` (a supervisor decides).',
  },
  'footage_request.cameras_not_requestable': {
    status: 422,
    title: 'Some cameras cannot be requested',
    meaning: '`cameras` lists each camera that cannot be requested and why; remove them and file again.',
  },
  'footage_request.no_consenting_cameras': {
    status: 422,
    title: 'No consenting camera in the area',
    meaning: 'No camera in the area consented to police requests for clips; widen the area or name cameras.',
  },
  'footage_request.area_too_large': {
    status: 422,
    title: 'Area holds too many cameras',
    meaning: 'The area holds more consenting cameras than one request may cover; narrow it.',
  },
  'footage_request.invalid_window': {
    status: 400,
    title: 'Footage window is not valid',
    meaning: 'to must be after from, not in the future, and the window at most the allowed days.',
  },
  'footage_request.open_limit': {
    status: 409,
    title: 'Too many open footage requests',
    meaning: 'The officer has as many open requests as allowed (FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER); wait for decisions.',
  },
  'footage_request.camera_hours_limit': {
    status: 409,
    title: 'Too many camera-hours awaiting a decision',
    meaning: 'The request would preserve more camera-hours than allowed before a decision; narrow it or wait.',
  },
  'footage_request.not_pending': {
    status: 409,
    title: 'Request is not waiting for this decision',
    meaning: 'The request or camera part is already decided, so it cannot be decided again.',
  },
  'footage_request.expired': {
    status: 409,
    title: 'Footage request expired',
    meaning: 'The request ran out before a decision; file a new one.',
  },
  'footage_request.camera_cannot_release': {
    status: 409,
    title: 'Camera cannot release footage now',
    meaning: "The camera's consent is paused or lapsed; resume or renew it first.",
  },
  'footage_request.rejection_reason_required': {
    status: 400,
    title: 'A rejection needs a reason',
    meaning: 'Rejecting a footage request needs a `note` of at least 10 characters saying why; the requesting officer reads it.',
  },
  'footage_request.decided_by_other_supervisor': {
    status: 403,
    title: 'Another supervisor must decide',
    meaning: 'A supervisor who filed the request, or is a member of its investigation, cannot decide it.',
  },
  'release.not_found': { status: 404, title: 'No such release', meaning: 'No release has this id.' },
  'release.ended': {
    status: 409,
    title: 'Release already ended',
    meaning: 'The release was already revoked or has expired, so it cannot be revoked (nothing can be fetched through it).',
  },
  'release.not_available': {
    status: 403,
    title: 'Footage is not released',
    meaning: 'The clip is not covered by a live release (approved, unexpired, stored), or it was revoked, expired or consent withdrawn.',
  },

  // Links to released clips (GET /links/{id} and its revocation).
  'link.not_found': { status: 404, title: 'No such link', meaning: 'No link has this id (or its clip was deleted); ask for a new link.' },
  'link.not_yours': {
    status: 403,
    title: 'Link issued to someone else',
    meaning: 'A link opens only for the user it was issued to (and is revoked only by a supervisor or that user); ask for your own link.',
  },
  'link.revoked': {
    status: 410,
    title: 'Link revoked',
    meaning: 'The link was revoked before it expired; `revokedAt`, `revokedBy` (role) and `reason` say when, by whom and why.',
  },
  'link.expired': {
    status: 410,
    title: 'Link expired',
    meaning: 'The link lived DOWNLOAD_LINK_TTL_SECONDS and is over (`expiredAt`); ask for a new link while the release lasts.',
  },
  'link.release_ended': {
    status: 410,
    title: 'Release ended',
    meaning:
      'The release the link was issued under expired or was revoked (the investigation was closed); its footage can no longer be fetched.',
  },
  'link.consent_withdrawn': {
    status: 410,
    title: 'Consent withdrawn',
    meaning: "The camera's owner withdrew consent after the link was issued; its footage can no longer be viewed or downloaded.",
  },
  'link.not_live': {
    status: 409,
    title: 'Link is not live',
    meaning: 'Only a live link can be revoked: this one is already revoked or has expired (`state` says which).',
  },

  // The map's offline basemap (GET /map/basemap.pmtiles).
  'map.no_basemap': {
    status: 404,
    title: 'No offline basemap',
    meaning:
      'This deployment supplies no basemap (MAP_BASEMAP_PMTILES is not set, or the file is missing); the map shows its vector layers only.',
  },
  'map.range_not_satisfiable': {
    status: 416,
    title: 'Range not satisfiable',
    meaning: 'The Range header asks for bytes outside the basemap file; Content-Range gives its size: ask within it.',
  },

  // Notifications.
  'notification.not_found': {
    status: 404,
    title: 'No such notification',
    meaning: 'You have no notification with this id (each user sees only their own).',
  },

  // Legal holds.
  'legal_hold.not_found': { status: 404, title: 'No such legal hold', meaning: 'No legal hold has this id.' },
  'legal_hold.already_lifted': { status: 409, title: 'Legal hold already lifted', meaning: 'The hold was lifted before.' },
  'legal_hold.invalid_window': {
    status: 400,
    title: 'Hold window is not valid',
    meaning:
      '`until` must be after `from`, `from` not in the future, and the window at most 31 days; hold a longer stretch as several holds.',
  },
  'legal_hold.still_needed': {
    status: 409,
    title: 'Hold is still needed',
    meaning:
      'The hold protects a live release or a footage request still being decided; revoke the release (POST /releases/{id}/revoke) or let the request end. Only manual holds, or holds whose release or request has ended, are lifted by hand.',
  },
});

/** A code the API answers with; a misspelt code does not compile. */
export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;

/** Every code, in catalogue order (the README's table and the OpenAPI enum are made from it). */
export const problemCodes = (): ProblemCode[] => Object.keys(PROBLEM_CATALOGUE) as ProblemCode[];

/**
 * The problem `type` of a code: a URN that identifies the kind of error and never changes.
 * Not a URL: there is no page per code to dereference (RFC 9457 3.1.1 allows that), the README's
 * table documents them, and a URN does not tie stored problems to a host name.
 */
export const PROBLEM_TYPE_PREFIX = 'urn:wardwatch:problem:';
export const problemType = (code: ProblemCode): string => `${PROBLEM_TYPE_PREFIX}${code}`;
