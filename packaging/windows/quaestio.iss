; Inno Setup 6 script: a Windows installer for the one-folder bundle in dist\Quaestio, with a
; Start menu entry and the .quaestio file association. Build it on Windows after
; `python packaging\build_bundle.py`, passing the version from desktop\__init__.py:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\quaestio.iss
;
; (packaging\README.md shows how to read the version instead of typing it.)

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\quaestio.iss
#endif
#define AppName "Quaestio"
#define AppExe "Quaestio.exe"
#define ProgId "Quaestio.Project"

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{01218A92-B0F8-4C79-91CA-FF4A14B89223}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Quaestio developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; installs for the current user without administrator rights, or for everyone if chosen
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\icons\quaestio.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\Quaestio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .quaestio -> Quaestio.Project, opened by Quaestio.exe "path"; HKA is the current user's or
; the machine's classes, following the install mode chosen above.
Root: HKA; Subkey: "Software\Classes\.quaestio"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.quaestio"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-quaestio"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.quaestio\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Quaestio project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".quaestio"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
