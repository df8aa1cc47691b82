"""Contains all the data models used in inputs/outputs"""

from .actor_type import ActorType
from .application_create import ApplicationCreate
from .application_read import ApplicationRead
from .application_update import ApplicationUpdate
from .audit_event_read import AuditEventRead
from .audit_event_read_data import AuditEventReadData
from .audit_export_create import AuditExportCreate
from .audit_export_read import AuditExportRead
from .azure_credentials import AzureCredentials
from .azure_settings import AzureSettings
from .azure_spec import AzureSpec
from .backup_key_export import BackupKeyExport
from .backup_key_read import BackupKeyRead
from .backup_policy_create import BackupPolicyCreate
from .backup_policy_read import BackupPolicyRead
from .backup_policy_update import BackupPolicyUpdate
from .backup_schedule import BackupSchedule
from .basic_auth_user import BasicAuthUser
from .build import Build
from .build_args import BuildArgs
from .certificate_mode import CertificateMode
from .certificate_status import CertificateStatus
from .certificate_status_status import CertificateStatusStatus
from .channel_create import ChannelCreate
from .channel_kind import ChannelKind
from .channel_read import ChannelRead
from .channel_read_config import ChannelReadConfig
from .channel_read_secret_hints import ChannelReadSecretHints
from .channel_state import ChannelState
from .channel_test_read import ChannelTestRead
from .channel_update import ChannelUpdate
from .connection_details import ConnectionDetails
from .database_action import DatabaseAction
from .database_create import DatabaseCreate
from .database_engine import DatabaseEngine
from .database_log_line import DatabaseLogLine
from .database_logs import DatabaseLogs
from .database_operation_read import DatabaseOperationRead
from .database_operation_read_steps_item import DatabaseOperationReadStepsItem
from .database_read import DatabaseRead
from .database_status import DatabaseStatus
from .database_update import DatabaseUpdate
from .delivery_attempt import DeliveryAttempt
from .delivery_attempt_outcome import DeliveryAttemptOutcome
from .delivery_read import DeliveryRead
from .delivery_status import DeliveryStatus
from .deploy_key_create import DeployKeyCreate
from .deploy_key_read import DeployKeyRead
from .deployment_create import DeploymentCreate
from .deployment_log import DeploymentLog
from .deployment_outcome import DeploymentOutcome
from .deployment_read import DeploymentRead
from .deployment_state import DeploymentState
from .deployment_step import DeploymentStep
from .deployment_step_status import DeploymentStepStatus
from .deployment_trigger import DeploymentTrigger
from .desired_state import DesiredState
from .destination_check_read import DestinationCheckRead
from .destination_create import DestinationCreate
from .destination_host_key_confirm import DestinationHostKeyConfirm
from .destination_kind import DestinationKind
from .destination_read import DestinationRead
from .destination_update import DestinationUpdate
from .discord_settings import DiscordSettings
from .discord_settings_update import DiscordSettingsUpdate
from .domain_create import DomainCreate
from .domain_create_headers import DomainCreateHeaders
from .domain_read import DomainRead
from .domain_read_headers import DomainReadHeaders
from .domain_update import DomainUpdate
from .domain_update_headers_type_0 import DomainUpdateHeadersType0
from .dotenv_export import DotenvExport
from .dotenv_import import DotenvImport
from .email_settings import EmailSettings
from .email_settings_tls import EmailSettingsTls
from .email_settings_update import EmailSettingsUpdate
from .email_settings_update_tls import EmailSettingsUpdateTls
from .environment_create import EnvironmentCreate
from .environment_read import EnvironmentRead
from .environment_update import EnvironmentUpdate
from .event_type import EventType
from .field_error import FieldError
from .ftp_credentials import FtpCredentials
from .ftp_settings import FtpSettings
from .ftp_spec import FtpSpec
from .ftp_tls import FtpTls
from .gcs_credentials import GcsCredentials
from .gcs_settings import GcsSettings
from .gcs_spec import GcsSpec
from .git_source import GitSource
from .health import Health
from .health_check import HealthCheck
from .health_check_type import HealthCheckType
from .health_checks import HealthChecks
from .host_key_confirm import HostKeyConfirm
from .host_key_state import HostKeyState
from .host_key_status import HostKeyStatus
from .image_source import ImageSource
from .job_attempt import JobAttempt
from .job_attempt_outcome_type_0 import JobAttemptOutcomeType0
from .job_status import JobStatus
from .link_create import LinkCreate
from .link_read import LinkRead
from .log_line import LogLine
from .login_request import LoginRequest
from .login_response import LoginResponse
from .me_read import MeRead
from .member_add import MemberAdd
from .member_read import MemberRead
from .member_update import MemberUpdate
from .member_user import MemberUser
from .membership_summary import MembershipSummary
from .mount import Mount
from .mount_type import MountType
from .organization_create import OrganizationCreate
from .organization_read import OrganizationRead
from .organization_update import OrganizationUpdate
from .organization_with_role import OrganizationWithRole
from .page_application_read import PageApplicationRead
from .page_audit_event_read import PageAuditEventRead
from .page_audit_export_read import PageAuditExportRead
from .page_backup_policy_read import PageBackupPolicyRead
from .page_channel_read import PageChannelRead
from .page_database_operation_read import PageDatabaseOperationRead
from .page_database_read import PageDatabaseRead
from .page_delivery_read import PageDeliveryRead
from .page_deployment_read import PageDeploymentRead
from .page_destination_read import PageDestinationRead
from .page_domain_read import PageDomainRead
from .page_environment_read import PageEnvironmentRead
from .page_member_read import PageMemberRead
from .page_meta import PageMeta
from .page_project_read import PageProjectRead
from .page_registry_read import PageRegistryRead
from .page_server_read import PageServerRead
from .page_server_setup_read import PageServerSetupRead
from .page_token_read import PageTokenRead
from .password_change import PasswordChange
from .problem import Problem
from .project_create import ProjectCreate
from .project_created import ProjectCreated
from .project_read import ProjectRead
from .project_update import ProjectUpdate
from .provider import Provider
from .registry_check_read import RegistryCheckRead
from .registry_check_read_auth_scheme import RegistryCheckReadAuthScheme
from .registry_create import RegistryCreate
from .registry_read import RegistryRead
from .registry_update import RegistryUpdate
from .resources import Resources
from .restart_policy import RestartPolicy
from .restart_policy_condition import RestartPolicyCondition
from .role import Role
from .runtime import Runtime
from .runtime_logs import RuntimeLogs
from .s3_credentials import S3Credentials
from .s3_settings import S3Settings
from .s3_spec import S3Spec
from .scale_request import ScaleRequest
from .server_create import ServerCreate
from .server_facts import ServerFacts
from .server_kind import ServerKind
from .server_read import ServerRead
from .server_setup_read import ServerSetupRead
from .server_status import ServerStatus
from .server_update import ServerUpdate
from .setup_step import SetupStep
from .setup_step_status import SetupStepStatus
from .sftp_credentials import SftpCredentials
from .sftp_settings import SftpSettings
from .sftp_spec import SftpSpec
from .slack_settings import SlackSettings
from .slack_settings_update import SlackSettingsUpdate
from .subscription_create import SubscriptionCreate
from .subscription_read import SubscriptionRead
from .telegram_settings import TelegramSettings
from .telegram_settings_update import TelegramSettingsUpdate
from .token_create import TokenCreate
from .token_created import TokenCreated
from .token_read import TokenRead
from .token_scope import TokenScope
from .uploaded_certificate import UploadedCertificate
from .user_read import UserRead
from .variable_read import VariableRead
from .variables_patch import VariablesPatch
from .variables_patch_variables import VariablesPatchVariables
from .webhook_result import WebhookResult
from .webhook_result_status import WebhookResultStatus
from .webhook_secret import WebhookSecret
from .webhook_secret_urls import WebhookSecretUrls
from .webhook_settings import WebhookSettings
from .webhook_settings_update import WebhookSettingsUpdate
from .www_redirect import WwwRedirect

__all__ = (
    "ActorType",
    "ApplicationCreate",
    "ApplicationRead",
    "ApplicationUpdate",
    "AuditEventRead",
    "AuditEventReadData",
    "AuditExportCreate",
    "AuditExportRead",
    "AzureCredentials",
    "AzureSettings",
    "AzureSpec",
    "BackupKeyExport",
    "BackupKeyRead",
    "BackupPolicyCreate",
    "BackupPolicyRead",
    "BackupPolicyUpdate",
    "BackupSchedule",
    "BasicAuthUser",
    "Build",
    "BuildArgs",
    "CertificateMode",
    "CertificateStatus",
    "CertificateStatusStatus",
    "ChannelCreate",
    "ChannelKind",
    "ChannelRead",
    "ChannelReadConfig",
    "ChannelReadSecretHints",
    "ChannelState",
    "ChannelTestRead",
    "ChannelUpdate",
    "ConnectionDetails",
    "DatabaseAction",
    "DatabaseCreate",
    "DatabaseEngine",
    "DatabaseLogLine",
    "DatabaseLogs",
    "DatabaseOperationRead",
    "DatabaseOperationReadStepsItem",
    "DatabaseRead",
    "DatabaseStatus",
    "DatabaseUpdate",
    "DeliveryAttempt",
    "DeliveryAttemptOutcome",
    "DeliveryRead",
    "DeliveryStatus",
    "DeployKeyCreate",
    "DeployKeyRead",
    "DeploymentCreate",
    "DeploymentLog",
    "DeploymentOutcome",
    "DeploymentRead",
    "DeploymentState",
    "DeploymentStep",
    "DeploymentStepStatus",
    "DeploymentTrigger",
    "DesiredState",
    "DestinationCheckRead",
    "DestinationCreate",
    "DestinationHostKeyConfirm",
    "DestinationKind",
    "DestinationRead",
    "DestinationUpdate",
    "DiscordSettings",
    "DiscordSettingsUpdate",
    "DomainCreate",
    "DomainCreateHeaders",
    "DomainRead",
    "DomainReadHeaders",
    "DomainUpdate",
    "DomainUpdateHeadersType0",
    "DotenvExport",
    "DotenvImport",
    "EmailSettings",
    "EmailSettingsTls",
    "EmailSettingsUpdate",
    "EmailSettingsUpdateTls",
    "EnvironmentCreate",
    "EnvironmentRead",
    "EnvironmentUpdate",
    "EventType",
    "FieldError",
    "FtpCredentials",
    "FtpSettings",
    "FtpSpec",
    "FtpTls",
    "GcsCredentials",
    "GcsSettings",
    "GcsSpec",
    "GitSource",
    "Health",
    "HealthCheck",
    "HealthChecks",
    "HealthCheckType",
    "HostKeyConfirm",
    "HostKeyState",
    "HostKeyStatus",
    "ImageSource",
    "JobAttempt",
    "JobAttemptOutcomeType0",
    "JobStatus",
    "LinkCreate",
    "LinkRead",
    "LoginRequest",
    "LoginResponse",
    "LogLine",
    "MemberAdd",
    "MemberRead",
    "MembershipSummary",
    "MemberUpdate",
    "MemberUser",
    "MeRead",
    "Mount",
    "MountType",
    "OrganizationCreate",
    "OrganizationRead",
    "OrganizationUpdate",
    "OrganizationWithRole",
    "PageApplicationRead",
    "PageAuditEventRead",
    "PageAuditExportRead",
    "PageBackupPolicyRead",
    "PageChannelRead",
    "PageDatabaseOperationRead",
    "PageDatabaseRead",
    "PageDeliveryRead",
    "PageDeploymentRead",
    "PageDestinationRead",
    "PageDomainRead",
    "PageEnvironmentRead",
    "PageMemberRead",
    "PageMeta",
    "PageProjectRead",
    "PageRegistryRead",
    "PageServerRead",
    "PageServerSetupRead",
    "PageTokenRead",
    "PasswordChange",
    "Problem",
    "ProjectCreate",
    "ProjectCreated",
    "ProjectRead",
    "ProjectUpdate",
    "Provider",
    "RegistryCheckRead",
    "RegistryCheckReadAuthScheme",
    "RegistryCreate",
    "RegistryRead",
    "RegistryUpdate",
    "Resources",
    "RestartPolicy",
    "RestartPolicyCondition",
    "Role",
    "Runtime",
    "RuntimeLogs",
    "S3Credentials",
    "S3Settings",
    "S3Spec",
    "ScaleRequest",
    "ServerCreate",
    "ServerFacts",
    "ServerKind",
    "ServerRead",
    "ServerSetupRead",
    "ServerStatus",
    "ServerUpdate",
    "SetupStep",
    "SetupStepStatus",
    "SftpCredentials",
    "SftpSettings",
    "SftpSpec",
    "SlackSettings",
    "SlackSettingsUpdate",
    "SubscriptionCreate",
    "SubscriptionRead",
    "TelegramSettings",
    "TelegramSettingsUpdate",
    "TokenCreate",
    "TokenCreated",
    "TokenRead",
    "TokenScope",
    "UploadedCertificate",
    "UserRead",
    "VariableRead",
    "VariablesPatch",
    "VariablesPatchVariables",
    "WebhookResult",
    "WebhookResultStatus",
    "WebhookSecret",
    "WebhookSecretUrls",
    "WebhookSettings",
    "WebhookSettingsUpdate",
    "WwwRedirect",
)
